import { AGENT_KEY_ERRORS, CREATE_AGENT_KEY_ERRORS, createAgentKey, listAgentKeys } from "@/lib/agents/keys";
import { serializeAgentKey, serializeCreatedAgentKey } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery, createAgentKeyBody } from "@/lib/schemas/agents";

export const { GET, POST } = defineRoutes("/api/agents/{id}/keys", {
  GET: operation({
    summary: "List agent API keys",
    description: "Never includes tokens or hashes.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    errors: AGENT_KEY_ERRORS,
    handler: async ({ actor, params, query }) => (await listAgentKeys(actor, params.id, query.companyId)).map(serializeAgentKey),
  }),
  POST: operation({
    summary: "Create an agent API key",
    description: "The plaintext `token` is in this response only.",
    tags: ["agents"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    body: createAgentKeyBody,
    status: 201,
    errors: CREATE_AGENT_KEY_ERRORS,
    handler: async ({ actor, runId, params, query, body }) => {
      const { key, token } = await createAgentKey(actor, runId, params.id, body, query.companyId);
      return serializeCreatedAgentKey(key, token);
    },
  }),
});
