import { defineRoutes, operation } from "@/lib/api/route";
import { runEvents } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";
import { serializeWakeup } from "@/lib/wakeups/request";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/events", {
  GET: operation({
    summary: "List the wakes a run delivered",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: ["agent_permission_required", "not_found"],
    handler: async ({ actor, params }) => (await runEvents(actor, params.runId)).map(serializeWakeup),
  }),
});
