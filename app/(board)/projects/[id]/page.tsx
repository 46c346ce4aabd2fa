import type { Metadata } from "next";
import { workspacesEnabled } from "@/app/(board)/workspaces/enabled";
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
  return <ProjectDetailClient projectId={decodeURIComponent(id)} tab={current} workspacesEnabled={enabled} />;
}
