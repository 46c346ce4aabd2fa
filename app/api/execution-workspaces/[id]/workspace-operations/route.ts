import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { listExecutionWorkspaceOperations } from "@/lib/workspaces/operations-log";
import { serializeOperation } from "@/lib/workspaces/serialize";

export const { GET } = defineRoutes("/api/execution-workspaces/{id}/workspace-operations", {
  GET: operation({
    summary: "Recent operations of an execution workspace",
    description: "Newest first: provision, service start/stop/restart, jobs, cleanup and teardown, with excerpts.",
    tags: ["execution-workspaces"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listExecutionWorkspaceOperations(actor, params.id)).map(serializeOperation),
  }),
});
