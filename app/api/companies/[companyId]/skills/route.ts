import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { createCompanySkillBody } from "@/lib/schemas/skills";
import { SKILL_WRITE_ERRORS, createCompanySkill, listCompanySkills, serializeCompanySkill, serializeCompanySkillDetail } from "@/lib/skills/company-skills";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/skills", {
  GET: operation({
    summary: "List the company's skills",
    tags: ["skills"],
    auth: "either",
    params: companyParams,
    handler: async ({ actor, params }) => (await listCompanySkills(actor, params.companyId)).map(serializeCompanySkill),
  }),
  POST: operation({
    summary: "Create a skill from markdown",
    description: "The key is `key` (or Paperclip's `slug`), else the front matter's name, else the name. Board operators and owners.",
    tags: ["skills"],
    auth: "board",
    params: companyParams,
    body: createCompanySkillBody,
    status: 201,
    errors: SKILL_WRITE_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeCompanySkillDetail(await createCompanySkill(actor, runId, params.companyId, body)),
  }),
});
