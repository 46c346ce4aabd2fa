import type { QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { boardApiKeys, companySkills, companyWorkflow, environmentList, invitationList, memberList, userList } from "@/lib/queries/page-prefetch";
import { labelKeys } from "@/lib/queries/labels";
import { Prefetch, serverJson } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { SettingsClient, type SettingsTab } from "./settings-client";

export const metadata: Metadata = { title: "Settings · Switchboard" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { companyId, isInstanceAdmin, canAdmin } = await requireBoardContext();
  const requested = (await searchParams).tab;
  const tabs: SettingsTab[] = isInstanceAdmin
    ? ["members", "workflow", "labels", "environments", "skills", "transfer", "users", "api-keys", "experimental"]
    : ["members", "workflow", "labels", "environments", "skills", "transfer", "api-keys", "experimental"];
  const tab = tabs.find((candidate) => candidate === requested) ?? "members";
  return (
    <Prefetch prefetch={(client) => prefetchTab(client, tab, companyId, canAdmin)}>
      <SettingsClient tab={tab} tabs={tabs} companyId={companyId} />
    </Prefetch>
  );
}

/** What the open tab shows first (the tabs' own hooks and keys); invitations only for owners, the only ones shown them. */
async function prefetchTab(client: QueryClient, tab: SettingsTab, companyId: string | null, canAdmin: boolean) {
  if (tab === "users") return userList(client);
  if (tab === "api-keys") return boardApiKeys(client);
  if (!companyId) return;
  if (tab === "members") return Promise.all([memberList(client, companyId), canAdmin ? invitationList(client, companyId) : null]);
  if (tab === "workflow") return companyWorkflow(client, companyId);
  // useLabels (lib/queries/labels.ts): its key, from the URL it fetches.
  if (tab === "labels")
    return client.prefetchQuery({ queryKey: labelKeys.list(companyId), queryFn: serverJson(`/api/companies/${encodeURIComponent(companyId)}/labels`) });
  if (tab === "skills") return companySkills(client, companyId);
  if (tab === "environments") return environmentList(client, companyId, false);
  // "transfer" prefetches nothing: its first data, the export's counts, is a POST (exports/preview) and prefetching is GET-only.
}
