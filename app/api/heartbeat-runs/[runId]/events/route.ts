import { defineRoutes, operation } from "@/lib/api/route";
import { READ_RUN_ERRORS, runEvents } from "@/lib/heartbeats/runs-api";
import { runEventsQuery, runParams } from "@/lib/schemas/heartbeats";
import { serializeWakeup } from "@/lib/wakeups/request";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/events", {
  GET: operation({
    summary: "List the wakes a run delivered",
    description: "Oldest first, each with `seq`, its 1-based place; `afterSeq` and `limit` page them as Paperclip's CLI does.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    query: runEventsQuery,
    errors: READ_RUN_ERRORS,
    handler: async ({ actor, params, query }) => (await runEvents(actor, params.runId, query)).map(({ seq, wake }) => ({ seq, ...serializeWakeup(wake) })),
  }),
});
