import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { createProjectWorkspaceBody } from "@/lib/schemas/workspaces";
import { createProjectWorkspace, listProjectWorkspaces } from "@/lib/workspaces/project-workspaces";
import { serializeProjectWorkspace } from "@/lib/workspaces/serialize";

export const { GET, POST } = defineRoutes("/api/projects/{id}/workspaces", {
  GET: operation({
    summary: "List project workspaces",
    tags: ["projects"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) =>
      (await listProjectWorkspaces(actor, params.id)).map(({ workspace, services }) => serializeProjectWorkspace(workspace, services)),
  }),
  POST: operation({
    summary: "Create a project workspace",
    description: "Company owners only: the path, commands and runtime config decide what runs on this server. The first workspace becomes the primary.",
    tags: ["projects"],
    auth: "either",
    params: idParams,
    body: createProjectWorkspaceBody,
    status: 201,
    errors: ["board_required", "insufficient_role", "not_found", "invalid_runtime_config"],
    handler: async ({ actor, runId, params, body }) => {
      const { workspace, services } = await createProjectWorkspace(actor, runId, params.id, body);
      return serializeProjectWorkspace(workspace, services);
    },
  }),
});
