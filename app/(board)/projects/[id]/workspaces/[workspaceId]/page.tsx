import type { Metadata } from "next";
import { requireWorkspacesEnabled } from "@/app/(board)/workspaces/enabled";
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
  return (
    <ProjectWorkspaceDetailClient
      projectId={decodeURIComponent(id)}
      workspaceId={decodeURIComponent(workspaceId)}
      tab={typeof tab === "string" ? tab : undefined}
    />
  );
}
