import { defineRoutes, operation } from "@/lib/api/route";
import { READ_RUN_ERRORS, getRunLog } from "@/lib/heartbeats/runs-api";
import { runLogQuery, runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/log", {
  GET: operation({
    summary: "Get a run's log",
    description:
      "stdout and stderr as captured so far (at most 512 KiB) as `log`; refreshed every half second while the run goes. `content` is the part from byte `offset` (at most `limitBytes`), `nextOffset` where to continue, as Paperclip's CLI tails it.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    query: runLogQuery,
    errors: READ_RUN_ERRORS,
    handler: ({ actor, params, query }) => getRunLog(actor, params.runId, query),
  }),
});
