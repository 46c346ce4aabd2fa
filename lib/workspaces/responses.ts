import "server-only";
import type { Actor } from "../auth/actor";
import type { WorkspaceOperation } from "../db/generated/client";
import { getExecutionWorkspace } from "./execution-workspaces";
import { getProjectWorkspace } from "./project-workspaces";
import { serializeOperation, serializeProjectWorkspace, serializeWorkspaceDetail } from "./serialize";

type Which = { kind: "execution"; workspaceId: string; actor: Actor } | { kind: "project"; projectId: string; workspaceId: string; actor: Actor };

/** Paperclip's runtime-action answer: the workspace as it is now, and the operation the action produced. */
export async function runtimeActionResponse(result: { operation: WorkspaceOperation | null; operations: WorkspaceOperation[] }, which: Which) {
  const workspace =
    which.kind === "execution"
      ? serializeWorkspaceDetail(await getExecutionWorkspace(which.actor, which.workspaceId))
      : await getProjectWorkspace(which.actor, which.projectId, which.workspaceId).then(({ workspace, services }) =>
          serializeProjectWorkspace(workspace, services),
        );
  return { workspace, operation: result.operation ? serializeOperation(result.operation) : null, operations: result.operations.map(serializeOperation) };
}
