import type { Metadata } from "next";
import { requireWorkspacesEnabled } from "@/app/(board)/workspaces/enabled";
import { projectDetail, projectWorkspace } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { ProjectWorkspaceDetailClient } from "./project-workspace-detail-client";

export const metadata: Metadata = { title: "Project workspace · Switchboard" };

export default async function ProjectWorkspacePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; workspaceId: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}) {
  await requireBoardContext();
  await requireWorkspacesEnabled();
  const { id, workspaceId } = await params;
  const { tab } = await searchParams;
  const [projectId, decodedWorkspaceId] = [decodeURIComponent(id), decodeURIComponent(workspaceId)];
  return (
    <Prefetch prefetch={(client) => Promise.all([projectWorkspace(client, projectId, decodedWorkspaceId), projectDetail(client, projectId)])}>
      <ProjectWorkspaceDetailClient projectId={projectId} workspaceId={decodedWorkspaceId} tab={typeof tab === "string" ? tab : undefined} />
    </Prefetch>
  );
}
