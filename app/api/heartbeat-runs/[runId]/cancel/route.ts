import { defineRoutes, operation } from "@/lib/api/route";
import { CANCEL_RUN_ERRORS, cancelRun, serializeRun } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";

export const { POST } = defineRoutes("/api/heartbeat-runs/{runId}/cancel", {
  POST: operation({
    summary: "Cancel a run",
    description: "Its process group gets TERM, then KILL; 409 if it already ended.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: CANCEL_RUN_ERRORS,
    handler: async ({ actor, params }) => serializeRun(await cancelRun(actor, params.runId)),
  }),
});
