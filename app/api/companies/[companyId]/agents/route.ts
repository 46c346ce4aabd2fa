import { CREATE_AGENT_ERRORS, createAgent, listAgents } from "@/lib/agents/agents";
import { serializeAgent } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { createAgentBody } from "@/lib/schemas/agents";
import { companyParams } from "@/lib/schemas/common";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/agents", {
  GET: operation({
    summary: "List agents in a company",
    tags: ["agents"],
    auth: "either",
    params: companyParams,
    handler: async ({ actor, params }) => (await listAgents(actor, params.companyId)).map(serializeAgent),
  }),
  POST: operation({
    summary: "Create an agent",
    description: "Board operators, or agents with canCreateAgents. Adapter settings need a company owner.",
    tags: ["agents"],
    auth: "either",
    params: companyParams,
    body: createAgentBody,
    status: 201,
    errors: CREATE_AGENT_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeAgent(await createAgent(actor, runId, params.companyId, body)),
  }),
});
