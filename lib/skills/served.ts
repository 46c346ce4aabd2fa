import "server-only";
import type { ErrorCode } from "../error-codes";
import { NotFound } from "../errors";
import { listBundledSkills, readBundledSkill } from "./bundled";

// The skills shipped with the server, served as Paperclip serves its own: an index, and each SKILL.md as markdown.

export const BUNDLED_SKILL_ERRORS = ["not_found"] as const satisfies readonly ErrorCode[];

export function bundledSkillIndex() {
  return {
    skills: listBundledSkills().map((skill) => ({
      name: skill.key,
      path: `/api/skills/${skill.key}`,
      description: skill.description,
      contentHash: skill.contentHash,
    })),
  };
}

/** The SKILL.md text of a bundled skill; names are matched case-insensitively, as Paperclip does. */
export function bundledSkillMarkdown(name: string): Response {
  const skill = readBundledSkill(name.trim().toLowerCase());
  if (!skill) throw new NotFound("Skill");
  return new Response(skill.markdown, {
    status: 200,
    headers: { "content-type": "text/markdown; charset=utf-8", "cache-control": "no-store", etag: `"${skill.contentHash}"` },
  });
}
