import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { SettingsClient, type SettingsTab } from "./settings-client";

export const metadata: Metadata = { title: "Settings · Switchboard" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { companyId, isInstanceAdmin } = await requireBoardContext();
  const requested = (await searchParams).tab;
  const tabs: SettingsTab[] = isInstanceAdmin
    ? ["members", "workflow", "environments", "skills", "users", "api-keys", "experimental"]
    : ["members", "workflow", "environments", "skills", "api-keys", "experimental"];
  const tab = tabs.find((candidate) => candidate === requested) ?? "members";
  return <SettingsClient tab={tab} tabs={tabs} companyId={companyId} />;
}
