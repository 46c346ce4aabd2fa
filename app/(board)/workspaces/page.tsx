import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { requireWorkspacesEnabled } from "./enabled";
import { WorkspacesClient } from "./workspaces-client";

export const metadata: Metadata = { title: "Workspaces · Switchboard" };

export default async function WorkspacesPage() {
  const context = await requireBoardContext();
  await requireWorkspacesEnabled();
  return <WorkspacesClient companyId={context.companyId} />;
}
