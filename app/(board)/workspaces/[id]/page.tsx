import type { Metadata } from "next";
import { executionWorkspace } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { requireWorkspacesEnabled } from "../enabled";
import { WorkspaceDetailClient } from "./workspace-detail-client";

export const metadata: Metadata = { title: "Workspace · Switchboard" };

export default async function WorkspacePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  await requireBoardContext();
  await requireWorkspacesEnabled();
  const { id } = await params;
  const { tab } = await searchParams;
  const workspaceId = decodeURIComponent(id);
  return (
    <Prefetch prefetch={(client) => executionWorkspace(client, workspaceId)}>
      <WorkspaceDetailClient workspaceId={workspaceId} tab={typeof tab === "string" ? tab : undefined} />
    </Prefetch>
  );
}
