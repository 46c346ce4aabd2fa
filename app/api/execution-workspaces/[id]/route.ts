import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { updateExecutionWorkspaceBody } from "@/lib/schemas/workspaces";
import { getExecutionWorkspace, updateExecutionWorkspace } from "@/lib/workspaces/execution-workspaces";
import { serializeWorkspaceDetail } from "@/lib/workspaces/serialize";

export const { GET, PATCH } = defineRoutes("/api/execution-workspaces/{id}", {
  GET: operation({
    summary: "Get an execution workspace",
    tags: ["execution-workspaces"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeWorkspaceDetail(await getExecutionWorkspace(actor, params.id)),
  }),
  PATCH: operation({
    summary: "Update an execution workspace",
    description:
      "Board operators; cwd, providerRef and config (commands) need a company owner. status archived closes it: services stop, cleanup then teardown run, the worktree is removed; a failure leaves cleanup_failed for a retry. config.workspaceRuntime null resets to inherit.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: idParams,
    body: updateExecutionWorkspaceBody,
    errors: [
      "board_required",
      "insufficient_role",
      "owner_required",
      "not_found",
      "runtime_action_pending",
      "service_host_unavailable",
      "workspace_close_blocked",
      "workspace_close_in_progress",
      "invalid_reference",
      "invalid_runtime_config",
      "workspace_archived",
    ],
    handler: async ({ actor, runId, params, body }) => serializeWorkspaceDetail(await updateExecutionWorkspace(actor, runId, params.id, body)),
  }),
});
