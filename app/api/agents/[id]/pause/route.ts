import { AGENT_LIFECYCLE_ERRORS, pauseAgent } from "@/lib/agents/lifecycle";
import { serializeAgent } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";

export const { POST } = defineRoutes("/api/agents/{id}/pause", {
  POST: operation({
    summary: "Pause an agent",
    description:
      "Board operators. No run starts while paused and queued wakes wait; a run going is cancelled. 409 for a terminated agent or one pending approval.",
    tags: ["agents"],
    auth: "board",
    params: agentRefParams,
    query: agentRefQuery,
    errors: AGENT_LIFECYCLE_ERRORS,
    handler: async ({ actor, params, query }) => serializeAgent(await pauseAgent(actor, params.id, query.companyId)),
  }),
});
