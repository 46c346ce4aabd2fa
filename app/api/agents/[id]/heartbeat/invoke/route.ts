import { defineRoutes, operation } from "@/lib/api/route";
import { WAKE_AGENT_ERRORS, wakeAgent } from "@/lib/heartbeats/runs-api";
import { agentRefParams } from "@/lib/schemas/agents";
import { serializeWakeup } from "@/lib/wakeups/request";

export const { POST } = defineRoutes("/api/agents/{id}/heartbeat/invoke", {
  POST: operation({
    summary: "Run a heartbeat now",
    description: "Queues a heartbeat_invoke wake for the scheduler's next pass (within half a second).",
    tags: ["heartbeats"],
    auth: "either",
    params: agentRefParams,
    errors: WAKE_AGENT_ERRORS,
    handler: async ({ actor, params }) => serializeWakeup(await wakeAgent(actor, params.id, { reason: "heartbeat_invoke" })),
  }),
});
