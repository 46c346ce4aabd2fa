import { defineRoutes, operation } from "@/lib/api/route";
import { listRuns, serializeRun } from "@/lib/heartbeats/runs-api";
import { companyParams } from "@/lib/schemas/common";
import { listRunsQuery } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/companies/{companyId}/heartbeat-runs", {
  GET: operation({
    summary: "List heartbeat runs",
    description: "Newest first; agents see their own.",
    tags: ["heartbeats"],
    auth: "either",
    params: companyParams,
    query: listRunsQuery,
    errors: ["agent_permission_required"],
    handler: async ({ actor, params, query }) => (await listRuns(actor, params.companyId, query)).map(serializeRun),
  }),
});
