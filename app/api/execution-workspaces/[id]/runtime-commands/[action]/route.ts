import { defineRoutes, operation } from "@/lib/api/route";
import { commandActionParams, runtimeActionBody } from "@/lib/schemas/workspaces";
import { CONTROL_EXECUTION_RUNTIME_ERRORS, controlExecutionRuntime } from "@/lib/workspaces/control";
import { runtimeActionResponse } from "@/lib/workspaces/responses";

export const { POST } = defineRoutes("/api/execution-workspaces/{id}/runtime-commands/{action}", {
  POST: operation({
    summary: "Control a runtime command (services: start|stop|restart, jobs: run) of an execution workspace",
    description:
      "Board operators, or an agent holding a checked-out issue linked to the workspace (services only). No cwd is 422; a pending action on the same command is 409.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: commandActionParams,
    body: runtimeActionBody,
    errors: CONTROL_EXECUTION_RUNTIME_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      runtimeActionResponse(await controlExecutionRuntime(actor, runId, params.id, "commands", params.action, body), {
        kind: "execution",
        workspaceId: params.id,
        actor,
      }),
  }),
});
