import { defineRoutes, operation } from "@/lib/api/route";
import { serviceActionParams, runtimeActionBody } from "@/lib/schemas/workspaces";
import { CONTROL_EXECUTION_RUNTIME_ERRORS, controlExecutionRuntime } from "@/lib/workspaces/control";
import { runtimeActionResponse } from "@/lib/workspaces/responses";

export const { POST } = defineRoutes("/api/execution-workspaces/{id}/runtime-services/{action}", {
  POST: operation({
    summary: "Start, stop or restart runtime services of an execution workspace",
    description:
      "Board operators, or an agent holding a checked-out issue linked to the workspace (services only). No cwd is 422; a pending action on the same command is 409.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: serviceActionParams,
    body: runtimeActionBody,
    errors: CONTROL_EXECUTION_RUNTIME_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      runtimeActionResponse(await controlExecutionRuntime(actor, runId, params.id, "services", params.action, body), {
        kind: "execution",
        workspaceId: params.id,
        actor,
      }),
  }),
});
