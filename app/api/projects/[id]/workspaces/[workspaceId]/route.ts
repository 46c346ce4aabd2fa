import { defineRoutes, operation } from "@/lib/api/route";
import { projectWorkspaceParams, updateProjectWorkspaceBody } from "@/lib/schemas/workspaces";
import { deleteProjectWorkspace, getProjectWorkspace, updateProjectWorkspace } from "@/lib/workspaces/project-workspaces";
import { serializeProjectWorkspace } from "@/lib/workspaces/serialize";

const serialize = ({ workspace, services }: Awaited<ReturnType<typeof getProjectWorkspace>>) => serializeProjectWorkspace(workspace, services);

export const { GET, PATCH, DELETE } = defineRoutes("/api/projects/{id}/workspaces/{workspaceId}", {
  GET: operation({
    summary: "Get a project workspace",
    tags: ["projects"],
    auth: "either",
    params: projectWorkspaceParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serialize(await getProjectWorkspace(actor, params.id, params.workspaceId)),
  }),
  PATCH: operation({
    summary: "Update a project workspace",
    description: "Company owners only. runtimeConfig.workspaceRuntime is validated and normalised to {commands:[…]}.",
    tags: ["projects"],
    auth: "either",
    params: projectWorkspaceParams,
    body: updateProjectWorkspaceBody,
    errors: ["board_required", "insufficient_role", "not_found", "invalid_runtime_config"],
    handler: async ({ actor, runId, params, body }) => serialize(await updateProjectWorkspace(actor, runId, params.id, params.workspaceId, body)),
  }),
  DELETE: operation({
    summary: "Delete a project workspace",
    description: "Stops its services first; refused (409) while execution workspaces carved from it are open.",
    tags: ["projects"],
    auth: "either",
    params: projectWorkspaceParams,
    errors: ["board_required", "insufficient_role", "not_found", "runtime_action_pending", "service_host_unavailable", "workspace_in_use"],
    handler: async ({ actor, runId, params }) => serialize(await deleteProjectWorkspace(actor, runId, params.id, params.workspaceId)),
  }),
});
