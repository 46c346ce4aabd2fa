import { AGENT_LIFECYCLE_ERRORS, terminateAgent } from "@/lib/agents/lifecycle";
import { serializeAgent } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";

export const { POST } = defineRoutes("/api/agents/{id}/terminate", {
  POST: operation({
    summary: "Terminate an agent",
    description: "Company owners. Final: keys stop authenticating, pending wakes are cancelled, a run going is cancelled, an open hire approval is cancelled.",
    tags: ["agents"],
    auth: "board",
    params: agentRefParams,
    query: agentRefQuery,
    errors: AGENT_LIFECYCLE_ERRORS,
    handler: async ({ actor, params, query }) => serializeAgent(await terminateAgent(actor, params.id, query.companyId)),
  }),
});
