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
    handler: async ({ actor, params }) => serializeWorkspaceDetail(await getExecutionWorkspace(actor, params.id)),
  }),
  PATCH: operation({
    summary: "Update an execution workspace",
    description: "Board operators; cwd, providerRef and config (commands) need a company owner. status archived closes it: services stop, cleanup then teardown run, the worktree is removed; a failure leaves cleanup_failed for a retry. config.workspaceRuntime null resets to inherit.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: idParams,
    body: updateExecutionWorkspaceBody,
    handler: async ({ actor, runId, params, body }) => serializeWorkspaceDetail(await updateExecutionWorkspace(actor, runId, params.id, body)),
  }),
});
