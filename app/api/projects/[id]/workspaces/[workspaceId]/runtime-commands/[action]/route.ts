import { defineRoutes, operation } from "@/lib/api/route";
import { projectCommandActionParams, runtimeActionBody } from "@/lib/schemas/workspaces";
import { CONTROL_PROJECT_RUNTIME_ERRORS, controlProjectRuntime } from "@/lib/workspaces/control";
import { runtimeActionResponse } from "@/lib/workspaces/responses";

export const { POST } = defineRoutes("/api/projects/{id}/workspaces/{workspaceId}/runtime-commands/{action}", {
  POST: operation({
    summary: "Control a runtime command (services: start|stop|restart, jobs: run) of a project workspace",
    description: "Board operators. Each action is one workspace operation; a second action on a command while one is pending is 409.",
    tags: ["projects"],
    auth: "either",
    params: projectCommandActionParams,
    body: runtimeActionBody,
    errors: CONTROL_PROJECT_RUNTIME_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      runtimeActionResponse(await controlProjectRuntime(actor, runId, params.id, params.workspaceId, "commands", params.action, body), {
        kind: "project",
        projectId: params.id,
        workspaceId: params.workspaceId,
        actor,
      }),
  }),
});
