import { defineRoutes, operation } from "@/lib/api/route";
import { getRunDetail, serializeRun } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}", {
  GET: operation({
    summary: "Get a heartbeat run",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: ["agent_permission_required", "not_found"],
    handler: async ({ actor, params }) => serializeRun(await getRunDetail(actor, params.runId)),
  }),
});
