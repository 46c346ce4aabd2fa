import { defineRoutes, operation } from "@/lib/api/route";
import { agentRefParams, agentRefQuery } from "@/lib/schemas/agents";
import { syncAgentSkillsBody } from "@/lib/schemas/skills";
import { AGENT_SKILLS_ERRORS, serializeAgentSkills, syncAgentSkills } from "@/lib/skills/company-skills";

export const { POST } = defineRoutes("/api/agents/{id}/skills/sync", {
  POST: operation({
    summary: "Replace the agent's chosen skills",
    description: "desiredSkills is the whole set, by key or id; unknown ones are 422, each named. Board operators and owners, or the agent itself.",
    tags: ["skills"],
    auth: "either",
    params: agentRefParams,
    query: agentRefQuery,
    body: syncAgentSkillsBody,
    errors: AGENT_SKILLS_ERRORS,
    handler: async ({ actor, runId, params, query, body }) =>
      serializeAgentSkills(await syncAgentSkills(actor, runId, params.id, body.desiredSkills, query.companyId)),
  }),
});
