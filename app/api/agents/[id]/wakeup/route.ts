import { defineRoutes, operation } from "@/lib/api/route";
import { WAKE_AGENT_ERRORS, wakeAgent } from "@/lib/heartbeats/runs-api";
import { agentRefParams } from "@/lib/schemas/agents";
import { wakeupBody } from "@/lib/schemas/heartbeats";
import type { WakeReason } from "@/lib/wakeups/request";
import { serializeWakeup } from "@/lib/wakeups/request";

export const { POST } = defineRoutes("/api/agents/{id}/wakeup", {
  POST: operation({
    summary: "Wake an agent",
    description:
      "Queues a wake (202); the scheduler delivers it through the agent's adapter, coalesced with any others waiting. Board users, or the agent itself.",
    tags: ["heartbeats"],
    auth: "either",
    params: agentRefParams,
    body: wakeupBody,
    status: 202,
    errors: WAKE_AGENT_ERRORS,
    handler: async ({ actor, params, body }) =>
      serializeWakeup(
        await wakeAgent(actor, params.id, {
          reason: body.reason as WakeReason | null | undefined,
          payload: body.payload,
          source: body.source,
          failedRunId: body.failedRunId,
        }),
      ),
  }),
});
