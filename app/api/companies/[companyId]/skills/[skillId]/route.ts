import { defineRoutes, operation } from "@/lib/api/route";
import { companySkillParams, updateCompanySkillBody } from "@/lib/schemas/skills";
import {
  SKILL_READ_ERRORS,
  SKILL_WRITE_ERRORS,
  deleteCompanySkill,
  getCompanySkill,
  serializeCompanySkillDetail,
  updateCompanySkill,
} from "@/lib/skills/company-skills";

export const { GET, PATCH, DELETE } = defineRoutes("/api/companies/{companyId}/skills/{skillId}", {
  GET: operation({
    summary: "Get a company skill with its text and files",
    tags: ["skills"],
    auth: "either",
    params: companySkillParams,
    errors: SKILL_READ_ERRORS,
    handler: async ({ actor, params }) => serializeCompanySkillDetail(await getCompanySkill(actor, params.companyId, params.skillId)),
  }),
  PATCH: operation({
    summary: "Update a company skill",
    description: "New markdown refreshes name and description from its front matter unless they are given. Board operators and owners.",
    tags: ["skills"],
    auth: "board",
    params: companySkillParams,
    body: updateCompanySkillBody,
    errors: [...SKILL_READ_ERRORS, ...SKILL_WRITE_ERRORS],
    handler: async ({ actor, runId, params, body }) =>
      serializeCompanySkillDetail(await updateCompanySkill(actor, runId, params.companyId, params.skillId, body)),
  }),
  DELETE: operation({
    summary: "Delete a company skill",
    description: "Agents that chose it stop receiving it. Board operators and owners.",
    tags: ["skills"],
    auth: "board",
    params: companySkillParams,
    errors: [...SKILL_READ_ERRORS, ...SKILL_WRITE_ERRORS],
    handler: ({ actor, runId, params }) => deleteCompanySkill(actor, runId, params.companyId, params.skillId),
  }),
});
