import { defineRoutes, operation } from "@/lib/api/route";
import { WAKE_AGENT_ERRORS, invokeHeartbeat, serializeWokenRun } from "@/lib/heartbeats/runs-api";
import { agentRefParams } from "@/lib/schemas/agents";

export const { POST } = defineRoutes("/api/agents/{id}/heartbeat/invoke", {
  POST: operation({
    summary: "Run a heartbeat now",
    description:
      '202 with the queued heartbeat run that will carry the wake (GET /api/heartbeat-runs/:id finds it): the agent\'s existing queued run when it has one, else a new one the scheduler starts once no other run of the agent is going. 202 `{status: "skipped", reason}` when no run would start (the agent is paused, terminated or awaiting approval, or has no delivery configured); nothing is written then.',
    tags: ["heartbeats"],
    auth: "either",
    params: agentRefParams,
    status: 202,
    errors: WAKE_AGENT_ERRORS,
    handler: async ({ actor, params }) => serializeWokenRun(await invokeHeartbeat(actor, params.id)),
  }),
});
