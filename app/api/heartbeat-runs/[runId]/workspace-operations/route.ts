import { defineRoutes, operation } from "@/lib/api/route";
import { runParams } from "@/lib/schemas/heartbeats";
import { LIST_RUN_WORKSPACE_OPERATIONS_ERRORS, listRunWorkspaceOperations } from "@/lib/workspaces/operations-log";
import { serializeOperation } from "@/lib/workspaces/serialize";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/workspace-operations", {
  GET: operation({
    summary: "List workspace operations for a heartbeat run",
    description: "Oldest first: the provisioning before the run and any runtime actions taken in it.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: LIST_RUN_WORKSPACE_OPERATIONS_ERRORS,
    handler: async ({ actor, params }) => (await listRunWorkspaceOperations(actor, params.runId)).map(serializeOperation),
  }),
});
