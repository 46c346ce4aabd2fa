import "server-only";
import { redirect } from "next/navigation";
import { experimentalForPage } from "@/lib/instance/settings";

/** Whether the instance has "Enable Isolated Workspaces" on (pages under the board layout are signed in already). */
export async function workspacesEnabled(): Promise<boolean> {
  return (await experimentalForPage()).enableIsolatedWorkspaces;
}

/** Workspace pages don't exist while the switch is off: they send the user back to their issues. */
export async function requireWorkspacesEnabled(): Promise<void> {
  if (!(await workspacesEnabled())) redirect("/issues");
}
