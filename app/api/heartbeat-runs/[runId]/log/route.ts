import { defineRoutes, operation } from "@/lib/api/route";
import { getRunLog } from "@/lib/heartbeats/runs-api";
import { runParams } from "@/lib/schemas/heartbeats";

export const { GET } = defineRoutes("/api/heartbeat-runs/{runId}/log", {
  GET: operation({
    summary: "Get a run's log",
    description: "stdout and stderr as captured so far (at most 512 KiB); refreshed every half second while the run goes.",
    tags: ["heartbeats"],
    auth: "either",
    params: runParams,
    errors: ["agent_permission_required", "not_found"],
    handler: ({ actor, params }) => getRunLog(actor, params.runId),
  }),
});
