import { deleteAgent, getAgentWithChain, updateAgent } from "@/lib/agents/agents";
import { serializeAgent, serializeAgentWithChain } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { updateAgentBody } from "@/lib/schemas/agents";
import { idParams } from "@/lib/schemas/common";

export const { GET, PATCH, DELETE } = defineRoutes("/api/agents/{id}", {
  GET: operation({
    summary: "Get an agent",
    tags: ["agents"],
    auth: "either",
    params: idParams,
    handler: async ({ actor, params }) => {
      const { agent, chain } = await getAgentWithChain(actor, params.id);
      return serializeAgentWithChain(agent, chain);
    },
  }),
  PATCH: operation({
    summary: "Update an agent",
    description: "Board operators; adapter settings and permissions need a company owner. Agents may edit their own title, icon, capabilities and metadata.",
    tags: ["agents"],
    auth: "either",
    params: idParams,
    body: updateAgentBody,
    handler: async ({ actor, runId, params, body }) => serializeAgent(await updateAgent(actor, runId, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete an agent",
    description: "Company owners only. Direct reports move up to the deleted agent's manager.",
    tags: ["agents"],
    auth: "board",
    params: idParams,
    handler: ({ actor, runId, params }) => deleteAgent(actor, runId, params.id),
  }),
});
