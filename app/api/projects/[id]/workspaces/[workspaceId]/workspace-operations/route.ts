import { defineRoutes, operation } from "@/lib/api/route";
import { projectWorkspaceParams } from "@/lib/schemas/workspaces";
import { listProjectWorkspaceOperations } from "@/lib/workspaces/operations-log";
import { serializeOperation } from "@/lib/workspaces/serialize";

export const { GET } = defineRoutes("/api/projects/{id}/workspaces/{workspaceId}/workspace-operations", {
  GET: operation({
    summary: "Recent operations of a project workspace",
    tags: ["projects"],
    auth: "either",
    params: projectWorkspaceParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listProjectWorkspaceOperations(actor, params.id, params.workspaceId)).map(serializeOperation),
  }),
});
