import { defineRoutes, operation } from "@/lib/api/route";
import { READ_RUN_ERRORS, runEvents } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";
import { serializeWakeup } from "@/lib/wakeups/request";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/events", {
  GET: operation({
    summary: "List the wakes a run delivered",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: READ_RUN_ERRORS,
    handler: async ({ actor, params }) => (await runEvents(actor, params.runId)).map(serializeWakeup),
  }),
});
