import { defineRoutes, operation } from "@/lib/api/route";
import { READ_RUN_ERRORS, getRunDetail, serializeRun } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}", {
  GET: operation({
    summary: "Get a heartbeat run",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: READ_RUN_ERRORS,
    handler: async ({ actor, params }) => serializeRun(await getRunDetail(actor, params.runId)),
  }),
});
