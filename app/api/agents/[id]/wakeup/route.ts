import { defineRoutes, operation } from "@/lib/api/route";
import { WAKE_AGENT_ERRORS, serializeWokenRun, wakeAgent } from "@/lib/heartbeats/runs-api";
import { agentRefParams } from "@/lib/schemas/agents";
import { wakeupBody } from "@/lib/schemas/heartbeats";
import type { WakeReason } from "@/lib/wakeups/request";

export const { POST } = defineRoutes("/api/agents/{id}/wakeup", {
  POST: operation({
    summary: "Wake an agent",
    description:
      'Queues a wake; 202 with the queued heartbeat run that will deliver it, coalesced with any others waiting (as heartbeat/invoke). Where no run would start (the agent is paused, terminated or awaiting approval, or has no delivery configured) the wake is kept for later and the answer is 202 `{status: "skipped", reason}`. Board users, or the agent itself.',
    tags: ["heartbeats"],
    auth: "either",
    params: agentRefParams,
    body: wakeupBody,
    status: 202,
    errors: WAKE_AGENT_ERRORS,
    handler: async ({ actor, params, body }) =>
      serializeWokenRun(
        await wakeAgent(actor, params.id, {
          reason: body.reason as WakeReason | null | undefined,
          payload: body.payload,
          source: body.source,
          failedRunId: body.failedRunId,
        }),
      ),
  }),
});
