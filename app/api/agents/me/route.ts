import { GET_AGENT_ERRORS, getAgentWithChain } from "@/lib/agents/agents";
import { serializeAgentWithChain } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";

export const { GET } = defineRoutes("/api/agents/me", {
  GET: operation({
    summary: "Get the current agent",
    description: "The agent behind the bearer key, with its chain of command.",
    tags: ["agents"],
    auth: "agent",
    errors: GET_AGENT_ERRORS,
    handler: async ({ actor }) => {
      const { agent, chain } = await getAgentWithChain(actor, actor.agentId);
      return serializeAgentWithChain(agent, chain);
    },
  }),
});
