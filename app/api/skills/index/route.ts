import { defineRoutes, operation } from "@/lib/api/route";
import { bundledSkillIndex } from "@/lib/skills/served";

export const { GET } = defineRoutes("/api/skills/index", {
  GET: operation({
    summary: "List the skills shipped with this server",
    description: "Each entry names a skill and the path its SKILL.md is served at. Any signed-in user or agent key.",
    tags: ["skills"],
    auth: "either",
    handler: () => bundledSkillIndex(),
  }),
});
