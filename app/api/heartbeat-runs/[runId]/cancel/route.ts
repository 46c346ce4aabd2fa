import { defineRoutes, operation } from "@/lib/api/route";
import { cancelRun, serializeRun } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";

export const { POST } = defineRoutes("/api/heartbeat-runs/{runId}/cancel", {
  POST: operation({
    summary: "Cancel a run",
    description: "Its process group gets TERM, then KILL; 409 if it already ended.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: ["agent_permission_required", "board_required", "insufficient_role", "not_found", "run_not_active"],
    handler: async ({ actor, params }) => serializeRun(await cancelRun(actor, params.runId)),
  }),
});
