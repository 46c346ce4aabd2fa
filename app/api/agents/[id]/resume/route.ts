import { AGENT_LIFECYCLE_ERRORS, resumeAgent } from "@/lib/agents/lifecycle";
import { serializeAgent } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";

export const { POST } = defineRoutes("/api/agents/{id}/resume", {
  POST: operation({
    summary: "Resume an agent",
    description:
      "Board operators. Back to idle, so waiting wakes are delivered (also while over budget: the board's call). 409 for a terminated agent or one pending approval.",
    tags: ["agents"],
    auth: "board",
    params: agentRefParams,
    query: agentRefQuery,
    errors: AGENT_LIFECYCLE_ERRORS,
    handler: async ({ actor, params, query }) => serializeAgent(await resumeAgent(actor, params.id, query.companyId)),
  }),
});
