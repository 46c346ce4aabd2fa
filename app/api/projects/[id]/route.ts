import { defineRoutes, operation } from "@/lib/api/route";
import { deleteProject, getProject, updateProject } from "@/lib/projects/projects";
import { serializeProject } from "@/lib/projects/serialize";
import { idParams } from "@/lib/schemas/common";
import { updateProjectBody } from "@/lib/schemas/projects";

export const { GET, PATCH, DELETE } = defineRoutes("/api/projects/{id}", {
  GET: operation({
    summary: "Get a project",
    tags: ["projects"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeProject(await getProject(actor, params.id)),
  }),
  PATCH: operation({
    summary: "Update a project",
    description: "env and executionWorkspacePolicy need a company owner.",
    tags: ["projects"],
    auth: "either",
    params: idParams,
    body: updateProjectBody,
    errors: ["board_required", "insufficient_role", "not_found", "invalid_reference"],
    handler: async ({ actor, runId, params, body }) => serializeProject(await updateProject(actor, runId, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete a project",
    tags: ["projects"],
    auth: "either",
    params: idParams,
    errors: ["board_required", "insufficient_role", "not_found", "runtime_action_pending", "service_host_unavailable"],
    handler: ({ actor, runId, params }) => deleteProject(actor, runId, params.id),
  }),
});
