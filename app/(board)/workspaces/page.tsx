import type { Metadata } from "next";
import { workspaceOverview } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { requireWorkspacesEnabled } from "./enabled";
import { WorkspacesClient } from "./workspaces-client";

export const metadata: Metadata = { title: "Workspaces · Switchboard" };

export default async function WorkspacesPage() {
  const context = await requireBoardContext();
  await requireWorkspacesEnabled();
  const { companyId } = context;
  return (
    <Prefetch prefetch={async (client) => companyId && workspaceOverview(client, companyId)}>
      <WorkspacesClient companyId={companyId} />
    </Prefetch>
  );
}
