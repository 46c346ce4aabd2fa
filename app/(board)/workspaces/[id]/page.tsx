import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { requireWorkspacesEnabled } from "../enabled";
import { WorkspaceDetailClient } from "./workspace-detail-client";

export const metadata: Metadata = { title: "Workspace · Switchboard" };

export default async function WorkspacePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  await requireBoardContext();
  await requireWorkspacesEnabled();
  const { id } = await params;
  const { tab } = await searchParams;
  return <WorkspaceDetailClient workspaceId={decodeURIComponent(id)} tab={typeof tab === "string" ? tab : undefined} />;
}
