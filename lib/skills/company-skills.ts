import "server-only";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireBoard, requireCompanyAccess } from "../auth/permissions";
import { GET_AGENT_ERRORS, getAgent, requireSelfOrBoardAccess } from "../agents/agents";
import { db, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { requireCompanyReferences } from "../db/references";
import type { Agent, CompanySkill, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, NotFound, Unprocessable } from "../errors";
import type { CreateCompanySkillInput, ScanProjectSkillsInput, UpdateCompanySkillInput } from "../schemas/skills";
import { chosenSkills, setAgentSkills } from "./agent-skills";
import { bundledSkillKeys, skillContentHash, skillFrontMatter } from "./bundled";
import { skillFilePathProblems } from "./rules";
import { findSkillFolders, readSkillSource, skillKeyFrom, type FoundSkill } from "./sources";

// A company's SKILL.md folders and the ones each agent chose. Every lookup carries the company in its `where`.

export const SKILL_READ_ERRORS = ["not_found"] as const satisfies readonly ErrorCode[];
export const SKILL_WRITE_ERRORS = [...COMPANY_ACCESS_ERRORS, "skill_key_taken", "invalid_field", "invalid_reference"] as const satisfies readonly ErrorCode[];
export const SKILL_IMPORT_ERRORS = [...COMPANY_ACCESS_ERRORS, "skill_source_unreadable", "skill_key_taken"] as const satisfies readonly ErrorCode[];
export const AGENT_SKILLS_ERRORS = [
  ...GET_AGENT_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  "agent_permission_required",
  "unknown_skill_refs",
] as const satisfies readonly ErrorCode[];

export async function listCompanySkills(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  return db.companySkill.findMany({ where: { companyId }, orderBy: { key: "asc" } });
}

export async function getCompanySkill(actor: Actor, companyId: string, skillId: string) {
  requireCompanyAccess(actor, companyId, "read");
  const skill = await db.companySkill.findFirst({ where: { id: skillId, companyId } });
  if (!skill) throw new NotFound("Skill");
  return skill;
}

/**
 * Supporting files are checked when saved, by the rule staging applies when a run's folder is written, so no stored
 * skill can fail a run: 422 naming each bad `files.<path>`.
 */
function requireSkillFilePaths(files: Record<string, string>) {
  const problems = skillFilePathProblems(Object.keys(files)).map((problem) => ({ name: `files.${problem.path}`, reason: problem.reason }));
  if (problems.length) throw Unprocessable.fields(problems);
}

/** A skill from pasted markdown: the key is the one given, else the front matter's name, else the display name. */
export async function createCompanySkill(actor: Actor, runId: string | null, companyId: string, input: CreateCompanySkillInput) {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "act");
  const front = input.markdown ? skillFrontMatter(input.markdown, "") : { name: "", description: null };
  const name = input.name ?? (front.name || null);
  if (!name) throw Unprocessable.field("name", "Give a name, or markdown whose front matter has one");
  const key = input.key ?? input.slug ?? skillKeyFrom(front.name || name);
  if (!key) throw Unprocessable.field("key", "The name makes no usable key; give one");
  const description = input.description ?? front.description;
  const markdown = input.markdown ?? stubMarkdown(key, description, name);
  const files = input.files ?? {};
  requireSkillFilePaths(files);
  try {
    return await db.$transaction(async (tx) => {
      const skill = await tx.companySkill.create({
        data: { companyId, key, name, description, markdown, files, sourceType: "created", contentHash: skillContentHash(markdown, files) },
      });
      await recordActivity(tx, actor, runId, { companyId, action: "company.skill_created", entityType: "company_skill", entityId: skill.id, details: { key } });
      return skill;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(`The company already has a skill "${key}"`, "skill_key_taken", { key });
    throw error;
  }
}

function stubMarkdown(key: string, description: string | null, name: string) {
  return `---\nname: ${key}\ndescription: ${description ?? name}\n---\n\n# ${name}\n`;
}

export async function updateCompanySkill(actor: Actor, runId: string | null, companyId: string, skillId: string, input: UpdateCompanySkillInput) {
  requireBoard(actor);
  const current = await getCompanySkill(actor, companyId, skillId);
  requireCompanyAccess(actor, companyId, "act");
  const markdown = input.markdown ?? current.markdown;
  if (input.files) requireSkillFilePaths(input.files);
  const files = input.files ?? (current.files as Record<string, string>);
  const front = input.markdown !== undefined ? skillFrontMatter(markdown, current.name) : null;
  return db.$transaction(async (tx) => {
    const skill = await tx.companySkill.update({
      where: { id: current.id },
      data: {
        name: input.name ?? front?.name ?? current.name,
        description: input.description !== undefined ? input.description : front ? front.description : current.description,
        markdown,
        files,
        contentHash: skillContentHash(markdown, files),
      },
    });
    await recordActivity(tx, actor, runId, {
      companyId,
      action: "company.skill_updated",
      entityType: "company_skill",
      entityId: skill.id,
      details: { fields: Object.keys(input) },
    });
    return skill;
  });
}

/** Agents that chose it lose it with it (the join rows cascade); their next run simply goes without. */
export async function deleteCompanySkill(actor: Actor, runId: string | null, companyId: string, skillId: string) {
  requireBoard(actor);
  const current = await getCompanySkill(actor, companyId, skillId);
  requireCompanyAccess(actor, companyId, "act");
  await db.$transaction(async (tx) => {
    await tx.companySkill.delete({ where: { id: current.id } });
    await recordActivity(tx, actor, runId, {
      companyId,
      action: "company.skill_deleted",
      entityType: "company_skill",
      entityId: current.id,
      details: { key: current.key },
    });
  });
  return { ok: true as const };
}

type Source = { sourceType: string; sourceLocator: string };

/** Writes a found folder under its key: a new skill, an update of the same key, or nothing when the content is the same. */
async function upsertFound(tx: Tx, companyId: string, found: FoundSkill, source: Source) {
  const existing = await tx.companySkill.findUnique({ where: { companyId_key: { companyId, key: found.key } } });
  const data = {
    name: found.name,
    description: found.description,
    markdown: found.markdown,
    files: found.files,
    contentHash: found.contentHash,
    sourceType: source.sourceType,
    sourceLocator: source.sourceLocator,
  };
  if (!existing) return { skill: await tx.companySkill.create({ data: { companyId, key: found.key, ...data } }), action: "created" as const };
  if (existing.contentHash === found.contentHash && existing.sourceLocator === source.sourceLocator) return { skill: existing, action: "unchanged" as const };
  return { skill: await tx.companySkill.update({ where: { id: existing.id }, data }), action: "updated" as const };
}

/**
 * Runs an import's or a scan's transaction, and once more when it loses a race: two writes of one new key both find
 * it missing, the later insert fails on the unique key, and the rerun finds the row and updates it (or leaves it).
 * Losing twice is 409, never a 500.
 */
async function retryingKeyRace<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= 1) throw new Conflict("Another import wrote these skills at the same time; try again", "skill_key_taken");
    }
  }
}

/**
 * Imports every SKILL.md folder at `source` (a folder on this server or a git URL it clones). Company owners only:
 * it makes the server read its own disk or the network. A re-import updates skills by key.
 */
export async function importCompanySkills(actor: Actor, runId: string | null, companyId: string, source: string) {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "admin");
  const found = await readSkillSource(source);
  return retryingKeyRace(() =>
    db.$transaction(async (tx) => {
      const imported: CompanySkill[] = [];
      const updated: CompanySkill[] = [];
      for (const skill of found.skills) {
        const locator = skill.relativeDir ? `${source}#${skill.relativeDir}` : source;
        const result = await upsertFound(tx, companyId, skill, { sourceType: found.sourceType, sourceLocator: locator });
        if (result.action === "created") imported.push(result.skill);
        else updated.push(result.skill);
      }
      await recordActivity(tx, actor, runId, {
        companyId,
        action: "company.skills_imported",
        entityType: "company",
        entityId: companyId,
        details: { source, imported: imported.map((skill) => skill.key), updated: updated.map((skill) => skill.key), warningCount: found.warnings.length },
      });
      return { imported, updated, warnings: found.warnings };
    }),
  );
}

/**
 * Looks for SKILL.md folders in the company's project workspaces (their `cwd`, set by owners) and imports them. A
 * key already held by a skill from elsewhere is reported as a conflict and left alone.
 */
export async function scanProjectSkills(actor: Actor, runId: string | null, companyId: string, input: ScanProjectSkillsInput) {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "act");
  await requireCompanyReferences(companyId, [
    { field: "projectIds", model: "project", ids: input.projectIds ?? [] },
    { field: "workspaceIds", model: "projectWorkspace", ids: input.workspaceIds ?? [] },
  ]);
  const workspaces = await db.projectWorkspace.findMany({
    where: {
      companyId,
      ...(input.projectIds ? { projectId: { in: input.projectIds } } : {}),
      ...(input.workspaceIds ? { id: { in: input.workspaceIds } } : {}),
    },
    include: { project: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: "asc" }],
  });
  const warnings: string[] = [];
  const skipped: { projectId: string; projectName: string; workspaceId: string; workspaceName: string; path: string | null; reason: string }[] = [];
  const found: { workspace: (typeof workspaces)[number]; skill: FoundSkill }[] = [];
  for (const workspace of workspaces) {
    const where = { projectId: workspace.projectId, projectName: workspace.project.name, workspaceId: workspace.id, workspaceName: workspace.name };
    if (!workspace.cwd || !path.isAbsolute(workspace.cwd) || !existsSync(workspace.cwd) || !statSync(workspace.cwd).isDirectory()) {
      skipped.push({ ...where, path: workspace.cwd, reason: workspace.cwd ? "The workspace folder does not exist" : "The workspace has no local folder" });
      continue;
    }
    const result = findSkillFolders(workspace.cwd, path.basename(workspace.cwd));
    warnings.push(...result.warnings.map((warning) => `${workspace.name}: ${warning}`));
    found.push(...result.skills.map((skill) => ({ workspace, skill })));
  }
  return retryingKeyRace(() =>
    db.$transaction(async (tx) => {
      const imported: CompanySkill[] = [];
      const updated: CompanySkill[] = [];
      const conflicts: Record<string, unknown>[] = [];
      for (const { workspace, skill } of found) {
        const locator = path.join(workspace.cwd!, skill.relativeDir);
        const existing = await tx.companySkill.findUnique({ where: { companyId_key: { companyId, key: skill.key } } });
        if (existing && (existing.sourceType !== "project_workspace" || existing.sourceLocator !== locator)) {
          conflicts.push({
            slug: skill.key,
            key: skill.key,
            projectId: workspace.projectId,
            projectName: workspace.project.name,
            workspaceId: workspace.id,
            workspaceName: workspace.name,
            path: locator,
            existingSkillId: existing.id,
            existingSkillKey: existing.key,
            existingSourceLocator: existing.sourceLocator,
            reason: "A skill with this key came from elsewhere; delete or rename it to import this one",
          });
          continue;
        }
        const result = await upsertFound(tx, companyId, skill, { sourceType: "project_workspace", sourceLocator: locator });
        if (result.action === "created") imported.push(result.skill);
        else if (result.action === "updated") updated.push(result.skill);
      }
      await recordActivity(tx, actor, runId, {
        companyId,
        action: "company.skills_scanned",
        entityType: "company",
        entityId: companyId,
        details: {
          scannedWorkspaces: workspaces.length,
          discovered: found.length,
          imported: imported.length,
          updated: updated.length,
          conflicts: conflicts.length,
        },
      });
      return {
        scannedProjects: new Set(workspaces.map((workspace) => workspace.projectId)).size,
        scannedWorkspaces: workspaces.length,
        discovered: found.length,
        imported,
        updated,
        skipped,
        conflicts,
        warnings,
      };
    }),
  );
}

export async function listAgentSkills(actor: Actor, agentRef: string, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireSelfOrBoardAccess(actor, agent, "read", "skills");
  return { agent, skills: await chosenSkills(db, agent) };
}

export async function syncAgentSkills(actor: Actor, runId: string | null, agentRef: string, refs: string[], companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireSelfOrBoardAccess(actor, agent, "act", "skills");
  return db.$transaction(async (tx) => {
    const skills = await setAgentSkills(tx, agent, refs);
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent.skills_synced",
      entityType: "agent",
      entityId: agent.id,
      details: { skills: skills.map((skill) => skill.key) } as Prisma.InputJsonObject,
    });
    return { agent, skills };
  });
}

/** List rows leave out the text; the detail carries it. */
export function serializeCompanySkill(skill: CompanySkill) {
  return {
    id: skill.id,
    companyId: skill.companyId,
    key: skill.key,
    slug: skill.key,
    name: skill.name,
    description: skill.description,
    sourceType: skill.sourceType,
    sourceLocator: skill.sourceLocator,
    contentHash: skill.contentHash,
    fileCount: Object.keys((skill.files ?? {}) as Record<string, string>).length,
    createdAt: skill.createdAt.toISOString(),
    updatedAt: skill.updatedAt.toISOString(),
  };
}

export function serializeCompanySkillDetail(skill: CompanySkill) {
  return { ...serializeCompanySkill(skill), markdown: skill.markdown, files: (skill.files ?? {}) as Record<string, string> };
}

export function serializeAgentSkills({ agent, skills }: { agent: Agent; skills: CompanySkill[] }) {
  return {
    agentId: agent.id,
    companyId: agent.companyId,
    desiredSkills: skills.map((skill) => skill.key),
    bundledSkills: [...bundledSkillKeys()],
    skills: skills.map(serializeCompanySkill),
  };
}
