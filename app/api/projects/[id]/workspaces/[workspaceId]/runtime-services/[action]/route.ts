import { defineRoutes, operation } from "@/lib/api/route";
import { projectServiceActionParams, runtimeActionBody } from "@/lib/schemas/workspaces";
import { CONTROL_PROJECT_RUNTIME_ERRORS, controlProjectRuntime } from "@/lib/workspaces/control";
import { runtimeActionResponse } from "@/lib/workspaces/responses";

export const { POST } = defineRoutes("/api/projects/{id}/workspaces/{workspaceId}/runtime-services/{action}", {
  POST: operation({
    summary: "Start, stop or restart runtime services of a project workspace",
    description: "Board operators. Each action is one workspace operation; a second action on a command while one is pending is 409.",
    tags: ["projects"],
    auth: "either",
    params: projectServiceActionParams,
    body: runtimeActionBody,
    errors: CONTROL_PROJECT_RUNTIME_ERRORS,
    handler: async ({ actor, runId, params, body }) =>
      runtimeActionResponse(await controlProjectRuntime(actor, runId, params.id, params.workspaceId, "services", params.action, body), {
        kind: "project",
        projectId: params.id,
        workspaceId: params.workspaceId,
        actor,
      }),
  }),
});
