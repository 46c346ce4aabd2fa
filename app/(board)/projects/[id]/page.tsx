import type { Metadata } from "next";
import { workspacesEnabled } from "@/app/(board)/workspaces/enabled";
import { projectKeys } from "@/lib/queries/keys";
import { environmentList, prefetched, projectDetail, projectWorkspaces, workspaceOverview } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import type { Project } from "@/lib/queries/types";
import { requireBoardContext } from "@/lib/session";
import { ProjectDetailClient, type ProjectTab } from "./project-detail-client";

export const metadata: Metadata = { title: "Project · Switchboard" };

export default async function ProjectPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  await requireBoardContext();
  const { id } = await params;
  const { tab } = await searchParams;
  const enabled = await workspacesEnabled();
  // The Workspaces tab is part of the experimental workspace UI: without the switch it doesn't exist.
  const current: ProjectTab = tab === "workspaces" && enabled ? "workspaces" : "overview";
  const projectId = decodeURIComponent(id);
  return (
    <Prefetch
      prefetch={async (client) => {
        await projectDetail(client, projectId);
        const project = prefetched<Project>(client, projectKeys.detail(projectId));
        if (!project) return;
        await (current === "workspaces"
          ? Promise.all([projectWorkspaces(client, project.id), workspaceOverview(client, project.companyId, project.id)])
          : environmentList(client, project.companyId, true));
      }}
    >
      <ProjectDetailClient projectId={projectId} tab={current} workspacesEnabled={enabled} />
    </Prefetch>
  );
}
