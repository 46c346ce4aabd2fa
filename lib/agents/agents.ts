import "server-only";
import { randomBytes } from "node:crypto";
import { requireValidAdapterConfig } from "../adapters/config";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, companyScope, requireCompanyAccess, type CompanyNeed } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { requireCompanyReferences } from "../db/references";
import type { Agent, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, Forbidden, NotFound, Unprocessable } from "../errors";
import { publishEvent } from "../events/publish";
import { lockAgentRuns } from "../heartbeats/runnable";
import { releaseMarks } from "../marks/marks";
import { isUuid, type CreateAgentInput, type UpdateAgentInput } from "../schemas/agents";
import { setAgentSkills } from "../skills/agent-skills";
import { replaceInstructionFiles } from "./instruction-files";
import { AGENT_STATUS_ERRORS, changeAgentStatus } from "./status";

// Fields an agent may change on its own record; everything else is the board's call.
const AGENT_SELF_EDITABLE = new Set(["title", "icon", "capabilities", "metadata", "desiredSkills", "instructionsBundle"]);
// Adapter settings hold commands the server will run, so only company owners set them.
const OWNER_ONLY_FIELDS = new Set(["adapterType", "adapterConfig", "permissions", "replaceAdapterConfig"]);

export async function listAgents(actor: Actor, companyId: string) {
  // AND, not a spread: the actor's scope also has a companyId, which would replace the one asked for.
  return db.agent.findMany({ where: { AND: [{ companyId }, companyScope(actor)] }, orderBy: [{ createdAt: "asc" }] });
}

export const GET_AGENT_ERRORS = ["not_found", "ambiguous_agent_ref"] as const satisfies readonly ErrorCode[];

/** Finds an agent by id or url key among the companies the actor can see (optionally one company). */
export async function getAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  const match = isUuid(agentRef) ? { id: agentRef } : { urlKey: agentRef.toLowerCase(), ...(companyId ? { companyId } : {}) };
  const agents = await db.agent.findMany({ where: { AND: [match, companyScope(actor)] }, take: 2 });
  if (agents.length === 0) throw new NotFound("Agent");
  if (agents.length > 1) throw new Conflict(`Several companies have an agent "${agentRef}"; pass companyId`, "ambiguous_agent_ref");
  return agents[0];
}

/** How far up a chain of command is followed: reporting cycles are refused when set, this only bounds a broken one. */
const MAX_CHAIN = 50;

/** The agent's managers within its company, nearest first (inside a transaction, pass its client). */
export async function managerChain(agent: Pick<Agent, "id" | "companyId" | "reportsTo">, client: Tx | typeof db = db) {
  const chain: Agent[] = [];
  const seen = new Set([agent.id]);
  for (let managerId = agent.reportsTo; managerId && !seen.has(managerId) && chain.length < MAX_CHAIN;) {
    seen.add(managerId);
    const manager = await client.agent.findFirst({ where: { id: managerId, companyId: agent.companyId } });
    if (!manager) break;
    chain.push(manager);
    managerId = manager.reportsTo;
  }
  return chain;
}

/** The agent plus its managers, nearest first, for `GET /api/agents/:id` and `/me`. */
export async function getAgentWithChain(actor: Actor, agentRef: string, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  return { agent, chain: await managerChain(agent) };
}

/** requireAgentWriteRights, the adapter config check, the manager and environment references and requireNoReportingCycle. */
export const AGENT_WRITE_ERRORS = [
  ...COMPANY_ACCESS_ERRORS,
  "agent_permission_required",
  "invalid_adapter_config",
  "invalid_field",
  "reporting_cycle",
  "invalid_reference",
  "unknown_skill_refs",
] as const satisfies readonly ErrorCode[];

export const CREATE_AGENT_ERRORS = [...AGENT_WRITE_ERRORS, "hire_approval_required"] as const satisfies readonly ErrorCode[];

/**
 * `POST /api/companies/:id/agents`. Where the company requires board approval for new agents, an agent must hire
 * through agent-hires (which files the approval) instead; board users are the approvers, so they create directly.
 */
export async function createAgent(actor: Actor, runId: string | null, companyId: string, input: CreateAgentInput) {
  await requireAgentCreatable(actor, companyId, input);
  if (actor.type === "agent" && (await hiresNeedApproval(companyId)))
    throw new Conflict("New agents need board approval here; hire through POST /api/companies/:companyId/agent-hires", "hire_approval_required");
  return insertAgent(actor, runId, companyId, input);
}

/** Whether the company's new agents start pending a board decision (`requireBoardApprovalForNewAgents`). */
export async function hiresNeedApproval(companyId: string) {
  const company = await db.company.findUnique({ where: { id: companyId }, select: { requireBoardApprovalForNewAgents: true } });
  return company?.requireBoardApprovalForNewAgents ?? false;
}

/** Who may create an agent with these fields, and that its config and references hold: the same for every way in. */
export async function requireAgentCreatable(actor: Actor, companyId: string, input: CreateAgentInput) {
  await requireAgentWriteRights(actor, companyId, Object.keys(input), null);
  if (input.adapterConfig !== undefined) requireValidAdapterConfig(input.adapterType ?? "process", input.adapterConfig);
  await requireAgentReferences(companyId, input);
  if (input.reportsTo) await requireNoReportingCycle(companyId, null, input.reportsTo);
}

/**
 * Writes an agent that requireAgentCreatable has passed. `withAgent` runs in the same transaction, so whatever it
 * writes (a hire's approval) exists exactly when the agent does.
 */
export async function insertAgent(
  actor: Actor,
  runId: string | null,
  companyId: string,
  input: CreateAgentInput,
  options: { status?: "idle" | "pending_approval"; withAgent?: (tx: Tx, agent: Agent) => Promise<void> } = {},
) {
  const base = urlKeyFor(input.name);
  for (let attempt = 0; ; attempt += 1) {
    // Concurrent creates of one name all see the same next free key; whoever loses takes a random suffix instead.
    const urlKey = attempt === 0 ? await freeUrlKey(companyId, base) : `${base}-${randomBytes(3).toString("hex")}`;
    try {
      return await db.$transaction(async (tx) => {
        const agent = await tx.agent.create({
          data: {
            companyId,
            urlKey,
            name: input.name,
            role: input.role ?? "general",
            title: input.title ?? null,
            icon: input.icon ?? null,
            status: options.status ?? "idle",
            reportsTo: input.reportsTo ?? null,
            capabilities: input.capabilities ?? null,
            adapterType: input.adapterType ?? "process",
            adapterConfig: (input.adapterConfig ?? {}) as Prisma.InputJsonObject,
            runtimeConfig: (input.runtimeConfig ?? {}) as Prisma.InputJsonObject,
            permissions: (input.permissions ?? {}) as Prisma.InputJsonObject,
            metadata: (input.metadata ?? undefined) as Prisma.InputJsonObject | undefined,
            budgetMonthlyCents: input.budgetMonthlyCents ?? 0,
            defaultEnvironmentId: input.defaultEnvironmentId ?? null,
          },
        });
        await recordActivity(tx, actor, runId, {
          companyId,
          action: "agent.created",
          entityType: "agent",
          entityId: agent.id,
          details: { name: agent.name, status: agent.status },
        });
        await publishEvent(tx, { companyId, type: "agent.created", entityType: "agent", entityId: agent.id });
        await writeSkillsAndInstructions(tx, agent, input);
        await options.withAgent?.(tx, agent);
        return agent;
      });
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Paperclip's `desiredSkills` and `instructionsBundle`, written in the agent's own transaction: each replaces the whole
 * set, with the checks of POST …/skills/sync and the instructions bundle (422 naming `desiredSkills.N` or
 * `instructionsBundle.files.<path>`).
 */
async function writeSkillsAndInstructions(tx: Tx, agent: Agent, input: Pick<CreateAgentInput, "desiredSkills" | "instructionsBundle">) {
  if (input.desiredSkills !== undefined) await setAgentSkills(tx, agent, input.desiredSkills);
  if (input.instructionsBundle !== undefined)
    await replaceInstructionFiles(
      tx,
      agent,
      Object.entries(input.instructionsBundle.files).map(([path, content]) => ({ path, content })),
      "instructionsBundle.files",
    );
}

export const UPDATE_AGENT_ERRORS = [...GET_AGENT_ERRORS, ...AGENT_WRITE_ERRORS, ...AGENT_STATUS_ERRORS] as const satisfies readonly ErrorCode[];

export async function updateAgent(actor: Actor, runId: string | null, agentRef: string, input: UpdateAgentInput, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  await requireAgentWriteRights(actor, agent.companyId, Object.keys(input), agent.id);
  await requireAgentReferences(agent.companyId, input);
  if (input.reportsTo) await requireNoReportingCycle(agent.companyId, agent.id, input.reportsTo);
  const { replaceAdapterConfig, adapterConfig, runtimeConfig, permissions, metadata, status, desiredSkills, instructionsBundle, ...plain } = input;
  const data: Prisma.AgentUpdateInput = { ...plain };
  if (adapterConfig !== undefined)
    data.adapterConfig = (replaceAdapterConfig ? adapterConfig : { ...(agent.adapterConfig as object), ...adapterConfig }) as Prisma.InputJsonObject;
  // A new type must fit the config it will run with, even when only the type changes.
  if (adapterConfig !== undefined || (input.adapterType !== undefined && input.adapterType !== agent.adapterType))
    requireValidAdapterConfig(input.adapterType ?? agent.adapterType, data.adapterConfig ?? agent.adapterConfig);
  if (runtimeConfig !== undefined) {
    // Saved adapter sessions live beside the board's settings; replacing the settings must not forget them.
    const sessions = (agent.runtimeConfig as { sessions?: unknown } | null)?.sessions;
    data.runtimeConfig = { ...(sessions !== undefined ? { sessions } : {}), ...runtimeConfig } as Prisma.InputJsonObject;
  }
  if (permissions !== undefined) data.permissions = { ...(agent.permissions as object), ...permissions };
  if (metadata !== undefined) data.metadata = (metadata ?? null) as Prisma.InputJsonObject;
  if (input.name && input.name !== agent.name) data.urlKey = await freeUrlKey(agent.companyId, urlKeyFor(input.name), agent.id);
  return db.$transaction(async (tx) => {
    // A status set here goes the way of pause, resume and terminate: the same rights, rule, effects and trail.
    if (status !== undefined) await changeAgentStatus(tx, actor, runId, agent, status, "update");
    const updated = await tx.agent.update({ where: { id: agent.id }, data });
    await writeSkillsAndInstructions(tx, updated, { desiredSkills, instructionsBundle });
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent.updated",
      entityType: "agent",
      entityId: agent.id,
      details: { fields: Object.keys(input) },
    });
    return updated;
  });
}

export const DELETE_AGENT_ERRORS = [...GET_AGENT_ERRORS, ...COMPANY_ACCESS_ERRORS] as const satisfies readonly ErrorCode[];

export async function deleteAgent(actor: Actor, runId: string | null, agentRef: string, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireCompanyAccess(actor, agent.companyId, "admin");
  await db.$transaction(async (tx) => {
    // The agent's run lock before any issue row, in its documented order: a finishing run or log_metrics takes it, then
    // the agent's row, then a key-share lock on its issue, so taking the issues first would deadlock against them.
    await lockAgentRuns(tx, agent.id);
    await tx.agent.updateMany({ where: { reportsTo: agent.id, companyId: agent.companyId }, data: { reportsTo: agent.reportsTo } });
    // Released, not cascaded, so mark_updates readers and the board hear the marks go; the issues the delete writes are
    // locked first, in the marks' lock order (issue rows, then the marks lock).
    await tx.$queryRaw`SELECT id FROM issues WHERE company_id = ${agent.companyId}::uuid AND (assignee_agent_id = ${agent.id}::uuid OR created_by_agent_id = ${agent.id}::uuid) ORDER BY id FOR UPDATE`;
    await releaseMarks(tx, { agentId: agent.id }, "agent deleted");
    await tx.agent.delete({ where: { id: agent.id } });
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent.deleted",
      entityType: "agent",
      entityId: agent.id,
      details: { name: agent.name },
    });
  });
  return { ok: true as const };
}

/** Board users with `need` on the agent's company, and the agent itself; other agents 403 (`what` names what they manage). */
export function requireSelfOrBoardAccess(actor: Actor, agent: Pick<Agent, "id" | "companyId">, need: CompanyNeed, what: string) {
  requireCompanyAccess(actor, agent.companyId, need);
  if (actor.type === "agent" && actor.agentId !== agent.id) throw new Forbidden(`Agents may only manage their own ${what}`, "agent_permission_required");
}

async function requireAgentWriteRights(actor: Actor, companyId: string, fields: string[], targetAgentId: string | null) {
  requireCompanyAccess(actor, companyId, "act");
  if (actor.type === "agent") {
    if (targetAgentId === null) {
      const self = await db.agent.findFirst({ where: { id: actor.agentId, companyId }, select: { permissions: true } });
      if (!(self?.permissions as { canCreateAgents?: boolean } | null)?.canCreateAgents) {
        throw new Forbidden("This agent lacks the canCreateAgents permission", "agent_permission_required");
      }
    } else if (targetAgentId !== actor.agentId) {
      throw new Forbidden("Agents may only update themselves", "agent_permission_required");
    }
    // An environment brings variables and PATH: agents never pick one, for a new agent or themselves.
    const refused = fields.filter(
      (field) => field === "defaultEnvironmentId" || (targetAgentId === null ? OWNER_ONLY_FIELDS.has(field) : !AGENT_SELF_EDITABLE.has(field)),
    );
    if (refused.length) throw new Forbidden(`Agents cannot set: ${refused.join(", ")}`, "board_required");
    return;
  }
  if (fields.some((field) => OWNER_ONLY_FIELDS.has(field))) requireCompanyAccess(actor, companyId, "admin");
}

/** The manager and the default environment must be the company's own (422 invalid_reference naming each field). */
function requireAgentReferences(companyId: string, input: Pick<CreateAgentInput, "reportsTo" | "defaultEnvironmentId">) {
  return requireCompanyReferences(companyId, [
    { field: "reportsTo", model: "agent", ids: [input.reportsTo] },
    { field: "defaultEnvironmentId", model: "environment", ids: [input.defaultEnvironmentId] },
  ]);
}

/** Walks up from the new manager, which requireAgentReferences has found in the company, looking for the agent itself. */
async function requireNoReportingCycle(companyId: string, agentId: string | null, managerId: string) {
  if (managerId === agentId) throw Unprocessable.field("reportsTo", "An agent cannot report to itself");
  const seen = new Set<string>();
  for (let current: string | null = managerId; current;) {
    if (current === agentId) throw Unprocessable.field("reportsTo", "This would make a reporting cycle", "reporting_cycle");
    if (seen.has(current)) break;
    seen.add(current);
    const manager: { reportsTo: string | null } | null = await db.agent.findFirst({ where: { id: current, companyId }, select: { reportsTo: true } });
    if (!manager) throw Unprocessable.field("reportsTo", "Broken reporting chain");
    current = manager.reportsTo;
  }
}

export function urlKeyFor(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "agent"
  );
}

async function freeUrlKey(companyId: string, base: string, exceptAgentId?: string): Promise<string> {
  const taken = new Set(
    (
      await db.agent.findMany({
        where: { companyId, urlKey: { startsWith: base }, NOT: exceptAgentId ? { id: exceptAgentId } : undefined },
        select: { urlKey: true },
      })
    ).map((a) => a.urlKey),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}
