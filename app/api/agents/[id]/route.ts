import { DELETE_AGENT_ERRORS, GET_AGENT_ERRORS, UPDATE_AGENT_ERRORS, deleteAgent, getAgentWithChain } from "@/lib/agents/agents";
import { editAgent } from "@/lib/agents/lifecycle";
import { serializeAgent, serializeAgentWithChain } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery, updateAgentBody } from "@/lib/schemas/agents";

export const { GET, PATCH, DELETE } = defineRoutes("/api/agents/{id}", {
  GET: operation({
    summary: "Get an agent",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    errors: GET_AGENT_ERRORS,
    handler: async ({ actor, params, query }) => {
      const { agent, chain } = await getAgentWithChain(actor, params.id, query.companyId);
      return serializeAgentWithChain(agent, chain);
    },
  }),
  PATCH: operation({
    summary: "Update an agent",
    description: "Board operators; adapter settings and permissions need a company owner. Agents may edit their own title, icon, capabilities and metadata.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    body: updateAgentBody,
    errors: UPDATE_AGENT_ERRORS,
    handler: async ({ actor, runId, params, query, body }) => serializeAgent(await editAgent(actor, runId, params.id, body, query.companyId)),
  }),
  DELETE: operation({
    summary: "Delete an agent",
    description: "Company owners only. Direct reports move up to the deleted agent's manager.",
    tags: ["agents"],
    auth: "board",
    params: agentRefParams,
    query: agentRefQuery,
    errors: DELETE_AGENT_ERRORS,
    handler: ({ actor, runId, params, query }) => deleteAgent(actor, runId, params.id, query.companyId),
  }),
});
