import "server-only";
import type { db, Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import { Unprocessable } from "../errors";
import { isUuid } from "../schemas/agents";
import { bundledSkillKeys } from "./bundled";

// The skills an agent chose. Kept apart from the routes' flow (company-skills.ts) so creating, hiring and updating
// an agent (agents.ts) can set them in their own transaction without an import circle.

export async function chosenSkills(client: Tx | typeof db, agent: Pick<Agent, "id" | "companyId">) {
  const rows = await client.agentSkill.findMany({
    where: { agentId: agent.id, companyId: agent.companyId },
    include: { skill: true },
    orderBy: { skill: { key: "asc" } },
  });
  return rows.map((row) => row.skill);
}

/**
 * Replaces the agent's chosen skills with `refs` (keys or ids of its company's skills) inside the caller's
 * transaction. Bundled skill names are accepted and not stored (see bundledSkillKeys). Unknown refs are 422
 * `unknown_skill_refs`, each named `desiredSkills.<index>`: every way in calls the field so.
 */
export async function setAgentSkills(tx: Tx, agent: Pick<Agent, "id" | "companyId">, refs: string[]) {
  const bundled = bundledSkillKeys();
  const wanted = refs.filter((ref) => !bundled.has(ref));
  const ids = wanted.filter(isUuid);
  const skills = await tx.companySkill.findMany({
    where: { companyId: agent.companyId, OR: [{ key: { in: wanted } }, ...(ids.length ? [{ id: { in: ids } }] : [])] },
    select: { id: true, key: true },
  });
  const unknown = refs.flatMap((ref, index) =>
    bundled.has(ref) || skills.some((skill) => skill.key === ref || skill.id === ref)
      ? []
      : [{ name: `desiredSkills.${index}`, reason: `No skill "${ref}" in this company` }],
  );
  if (unknown.length)
    throw new Unprocessable(`Unknown skills: ${unknown.map((entry) => entry.name).join(", ")}`, "unknown_skill_refs", { invalidParams: unknown });
  const skillIds = [...new Set(skills.map((skill) => skill.id))];
  await tx.agentSkill.deleteMany({ where: { agentId: agent.id, companyId: agent.companyId, skillId: { notIn: skillIds } } });
  await tx.agentSkill.createMany({ data: skillIds.map((skillId) => ({ agentId: agent.id, skillId, companyId: agent.companyId })), skipDuplicates: true });
  return chosenSkills(tx, agent);
}
