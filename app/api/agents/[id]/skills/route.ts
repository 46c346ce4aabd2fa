import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";
import { AGENT_SKILLS_ERRORS, listAgentSkills, serializeAgentSkills } from "@/lib/skills/company-skills";

export const { GET } = defineRoutes("/api/agents/{id}/skills", {
  GET: operation({
    summary: "The agent's chosen company skills",
    description: "Bundled skills reach every run and are listed apart. Board members of the company, or the agent itself.",
    tags: ["skills"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    errors: AGENT_SKILLS_ERRORS,
    handler: async ({ actor, params, query }) => serializeAgentSkills(await listAgentSkills(actor, params.id, query.companyId)),
  }),
});
