import { defineRoutes, operation } from "@/lib/api/route";
import { projectServiceActionParams, runtimeActionBody } from "@/lib/schemas/workspaces";
import { controlProjectRuntime } from "@/lib/workspaces/control";
import { runtimeActionResponse } from "@/lib/workspaces/responses";

export const { POST } = defineRoutes("/api/projects/{id}/workspaces/{workspaceId}/runtime-services/{action}", {
  POST: operation({
    summary: "Start, stop or restart runtime services of a project workspace",
    description: "Board operators. Each action is one workspace operation; a second action on a command while one is pending is 409.",
    tags: ["projects"],
    auth: "either",
    params: projectServiceActionParams,
    body: runtimeActionBody,
    errors: [
      "board_required",
      "insufficient_role",
      "workspace_not_checked_out",
      "action_not_found",
      "not_found",
      "runtime_service_not_found",
      "workspace_command_not_found",
      "runtime_action_pending",
      "job_required",
      "no_runtime_config",
      "not_a_job",
      "not_a_service",
      "outside_allowed_root",
      "service_index_out_of_range",
      "workspace_cwd_missing",
    ],
    handler: async ({ actor, runId, params, body }) => runtimeActionResponse(await controlProjectRuntime(actor, runId, params.id, params.workspaceId, "services", params.action, body), { kind: "project", projectId: params.id, workspaceId: params.workspaceId, actor }),
  }),
});
