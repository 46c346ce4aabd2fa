import "server-only";
import { db } from "../db/client";
import type { IssueHeldAction } from "../db/generated/client";

/** The workspaces held actions wait on, as the notice names them. */
const awaitedWorkspaces = (ids: string[]) =>
  db.executionWorkspace.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, finalizingPhase: true } });

/** What is waiting on this issue, for the "waiting for the workspace to settle" notice. */
export async function waitingActions(issueId: string) {
  const held = await db.issueHeldAction.findMany({ where: { issueId, status: { in: ["waiting", "applying"] } }, orderBy: { createdAt: "asc" } });
  if (!held.length) return [];
  const workspaces = await awaitedWorkspaces(held.flatMap((action) => action.waitingForWorkspaceIds));
  return held.map((action) => serializeHeldAction(action, workspaces));
}

export function serializeHeldAction(action: IssueHeldAction, workspaces: { id: string; name: string; finalizingPhase: string | null }[]) {
  return {
    id: action.id,
    issueId: action.issueId,
    kind: action.kind,
    status: action.status,
    interactionId: (action.payload as { interactionId?: string }).interactionId ?? null,
    workspaces: workspaces.filter((workspace) => action.waitingForWorkspaceIds.includes(workspace.id)),
    error: action.error,
    createdAt: action.createdAt.toISOString(),
  };
}

/** The 202 body of a request held for a finalizing workspace: what waits, on which workspaces, and the thing itself. */
export async function heldResponse(held: IssueHeldAction, subject: Record<string, unknown>) {
  const workspaces = await awaitedWorkspaces(held.waitingForWorkspaceIds);
  const body = {
    status: "pending",
    reason: "workspace_finalizing",
    message: "Waiting for the workspace to settle; this is applied when it finishes finalizing",
    heldAction: serializeHeldAction(held, workspaces),
    ...subject,
  };
  return Response.json(body, { status: 202 });
}
