import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { importCompanySkillsBody } from "@/lib/schemas/skills";
import { SKILL_IMPORT_ERRORS, importCompanySkills, serializeCompanySkill } from "@/lib/skills/company-skills";

export const { POST } = defineRoutes("/api/companies/{companyId}/skills/import", {
  POST: operation({
    summary: "Import SKILL.md folders from a folder or a git repository",
    description:
      "source is an absolute folder on the server or a git URL it clones (shallow, 60 s limit); every SKILL.md folder in it is imported, and a re-import updates skills by key. Company owners only.",
    tags: ["skills"],
    auth: "board",
    params: companyParams,
    body: importCompanySkillsBody,
    status: 201,
    errors: SKILL_IMPORT_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const result = await importCompanySkills(actor, runId, params.companyId, body.source);
      return { imported: result.imported.map(serializeCompanySkill), updated: result.updated.map(serializeCompanySkill), warnings: result.warnings };
    },
  }),
});
