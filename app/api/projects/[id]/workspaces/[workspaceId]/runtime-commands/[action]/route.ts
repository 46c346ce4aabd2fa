import { defineRoutes, operation } from "@/lib/api/route";
import { projectCommandActionParams, runtimeActionBody } from "@/lib/schemas/workspaces";
import { controlProjectRuntime } from "@/lib/workspaces/control";
import { runtimeActionResponse } from "@/lib/workspaces/responses";

export const { POST } = defineRoutes("/api/projects/{id}/workspaces/{workspaceId}/runtime-commands/{action}", {
  POST: operation({
    summary: "Control a runtime command (services: start|stop|restart, jobs: run) of a project workspace",
    description: "Board operators. Each action is one workspace operation; a second action on a command while one is pending is 409.",
    tags: ["projects"],
    auth: "either",
    params: projectCommandActionParams,
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
    handler: async ({ actor, runId, params, body }) => runtimeActionResponse(await controlProjectRuntime(actor, runId, params.id, params.workspaceId, "commands", params.action, body), { kind: "project", projectId: params.id, workspaceId: params.workspaceId, actor }),
  }),
});
