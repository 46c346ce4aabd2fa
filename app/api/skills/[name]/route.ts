import { defineRoutes, operation } from "@/lib/api/route";
import { skillNameParams } from "@/lib/schemas/skills";
import { BUNDLED_SKILL_ERRORS, bundledSkillMarkdown } from "@/lib/skills/served";

export const { GET } = defineRoutes("/api/skills/{name}", {
  GET: operation({
    summary: "Read a bundled skill's SKILL.md",
    description: "Answers text/markdown, versioned with the server (the ETag is its content hash). Any signed-in user or agent key.",
    tags: ["skills"],
    auth: "either",
    params: skillNameParams,
    errors: BUNDLED_SKILL_ERRORS,
    handler: ({ params }) => bundledSkillMarkdown(params.name),
  }),
});
