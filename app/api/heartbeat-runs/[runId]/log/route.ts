import { defineRoutes, operation } from "@/lib/api/route";
import { READ_RUN_ERRORS, getRunLog } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/log", {
  GET: operation({
    summary: "Get a run's log",
    description: "stdout and stderr as captured so far (at most 512 KiB); refreshed every half second while the run goes.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: READ_RUN_ERRORS,
    handler: ({ actor, params }) => getRunLog(actor, params.runId),
  }),
});
