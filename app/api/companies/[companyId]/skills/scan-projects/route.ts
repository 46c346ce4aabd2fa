import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { scanProjectSkillsBody } from "@/lib/schemas/skills";
import { SKILL_WRITE_ERRORS, scanProjectSkills, serializeCompanySkill } from "@/lib/skills/company-skills";

export const { POST } = defineRoutes("/api/companies/{companyId}/skills/scan-projects", {
  POST: operation({
    summary: "Import SKILL.md folders found in the company's project workspaces",
    description:
      "Walks each project workspace's local folder; a key already taken by a skill from elsewhere is reported in conflicts and left alone. Board operators and owners.",
    tags: ["skills"],
    auth: "board",
    params: companyParams,
    body: scanProjectSkillsBody,
    errors: SKILL_WRITE_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const result = await scanProjectSkills(actor, runId, params.companyId, body);
      return { ...result, imported: result.imported.map(serializeCompanySkill), updated: result.updated.map(serializeCompanySkill) };
    },
  }),
});
