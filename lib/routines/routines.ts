import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, companyScope, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { Prisma, type Routine } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { Forbidden, NotFound } from "../errors";
import { publishEvent } from "../events/publish";
import type { CreateRoutineInput, ListRoutinesQuery, UpdateRoutineInput } from "../schemas/routines";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/values";
import { nextCronSlot } from "./cron";
import type { LinkedIssue, RoutineWithRelations } from "./serialize";

/** PostgreSQL's clock, so every instance computes a schedule's next slot from the same now. */
export async function databaseNow(tx: Tx) {
  const [row] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row.now;
}

/** Who created or last changed a routine or trigger: an agent or a board user, never both. */
export function stampedBy(actor: Actor, change: "created" | "updated") {
  return change === "created"
    ? { createdByAgentId: actor.type === "agent" ? actor.agentId : null, createdByUserId: actor.type === "board" ? actor.userId : null }
    : { updatedByAgentId: actor.type === "agent" ? actor.agentId : null, updatedByUserId: actor.type === "board" ? actor.userId : null };
}

const linkedIssueSelect = { id: true, identifier: true, title: true, status: true } as const;

export const ROUTINE_MANAGE_ERRORS = [...COMPANY_ACCESS_ERRORS, "routine_not_own"] as const satisfies readonly ErrorCode[];

/** A routine the actor can see, or 404: other companies' routines do not exist for it. */
export async function findRoutine(actor: Actor, routineId: string, client: Tx | typeof db = db): Promise<Routine> {
  const routine = await client.routine.findFirst({ where: { id: routineId, ...companyScope(actor) } });
  if (!routine) throw new NotFound("Routine");
  requireCompanyAccess(actor, routine.companyId, "read");
  return routine;
}

/**
 * Who may create, change, run or delete a routine: board operators and owners; agents for routines assigned to
 * themselves (as in Paperclip), and for anyone's with permissions.canAssignTasks, the right to direct other agents'
 * work. `assignees` are the routine's assignee before and after the change.
 */
export async function requireRoutineManager(actor: Actor, companyId: string, assignees: readonly (string | null | undefined)[]) {
  requireCompanyAccess(actor, companyId, "act");
  if (actor.type !== "agent" || assignees.every((assignee) => assignee === actor.agentId)) return;
  const self = await db.agent.findUnique({ where: { id: actor.agentId }, select: { permissions: true } });
  if ((self?.permissions as { canAssignTasks?: boolean } | null)?.canAssignTasks) return;
  throw new Forbidden("Agents manage only routines assigned to themselves, unless they have permissions.canAssignTasks", "routine_not_own");
}

/** The routine as the API shows it: triggers, its newest run, and the open issue its last created run made. */
export async function withRelations(routines: Routine[]): Promise<RoutineWithRelations[]> {
  const ids = routines.map((routine) => routine.id);
  if (!ids.length) return [];
  const [triggers, lastRuns, lastCreated] = await Promise.all([
    db.routineTrigger.findMany({ where: { routineId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.routineRun.findMany({
      where: { routineId: { in: ids } },
      orderBy: [{ routineId: "asc" }, { createdAt: "desc" }, { id: "desc" }],
      distinct: ["routineId"],
      include: { linkedIssue: { select: linkedIssueSelect } },
    }),
    db.routineRun.findMany({
      where: { routineId: { in: ids }, status: "issue_created" },
      orderBy: [{ routineId: "asc" }, { createdAt: "desc" }, { id: "desc" }],
      distinct: ["routineId"],
      include: { linkedIssue: { select: linkedIssueSelect } },
    }),
  ]);
  return routines.map((routine) => {
    const created = lastCreated.find((run) => run.routineId === routine.id)?.linkedIssue ?? null;
    return {
      ...routine,
      triggers: triggers.filter((trigger) => trigger.routineId === routine.id),
      lastRun: lastRuns.find((run) => run.routineId === routine.id) ?? null,
      activeIssue: created && isOpen(created) ? created : null,
    };
  });
}

export const isOpen = (issue: Pick<LinkedIssue, "status">) => !TERMINAL_STATUSES.includes(issue.status as IssueStatus);

export async function listRoutines(actor: Actor, companyId: string, query: ListRoutinesQuery) {
  requireCompanyAccess(actor, companyId, "read");
  const routines = await db.routine.findMany({ where: { companyId, ...query }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return withRelations(routines);
}

export async function getRoutine(actor: Actor, routineId: string) {
  const [routine] = await withRelations([await findRoutine(actor, routineId)]);
  return routine;
}

/** Every id a routine names must be in its company (422 naming each field otherwise). */
async function requireRoutineReferences(companyId: string, input: Partial<CreateRoutineInput>) {
  await requireCompanyReferences(companyId, [
    { field: "assigneeAgentId", model: "agent", ids: [input.assigneeAgentId] },
    { field: "projectId", model: "project", ids: [input.projectId] },
    { field: "goalId", model: "goal", ids: [input.goalId] },
    { field: "parentIssueId", model: "issue", ids: [input.parentIssueId] },
    { field: "executionWorkspaceId", model: "executionWorkspace", ids: [input.executionWorkspaceId] },
  ]);
}

function routineData(input: Partial<CreateRoutineInput>) {
  const { variables, ...fields } = input;
  return { ...fields, ...(variables !== undefined ? { variables: variables as Prisma.InputJsonArray } : {}) };
}

/** A change by a person or agent: its activity entry (on the routine) and the event that refreshes routine pages. */
export async function recordRoutineChange(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  routine: Pick<Routine, "id" | "companyId">,
  action: string,
  details: Prisma.InputJsonObject,
) {
  await recordActivity(tx, actor, runId, { companyId: routine.companyId, action, entityType: "routine", entityId: routine.id, details });
  await publishRoutineEvent(tx, routine, "routine.updated");
}

/** Publishes the routine's live event in the transaction of its change, so boards refetch only what committed. */
export function publishRoutineEvent(tx: Tx, routine: Pick<Routine, "id" | "companyId">, type: "routine.updated" | "routine.run_created") {
  return publishEvent(tx, { companyId: routine.companyId, type, entityType: "routine", entityId: routine.id });
}

export const CREATE_ROUTINE_ERRORS = [...ROUTINE_MANAGE_ERRORS, "invalid_reference"] as const satisfies readonly ErrorCode[];

/** An agent's routine without a named assignee is its own: the one kind of routine every agent may manage. */
export async function createRoutine(actor: Actor, runId: string | null, companyId: string, input: CreateRoutineInput) {
  const assigneeAgentId = input.assigneeAgentId === undefined && actor.type === "agent" ? actor.agentId : (input.assigneeAgentId ?? null);
  await requireRoutineManager(actor, companyId, [assigneeAgentId]);
  await requireRoutineReferences(companyId, input);
  const routine = await db.$transaction(async (tx) => {
    const created = await tx.routine.create({
      data: {
        ...routineData(input),
        title: input.title,
        assigneeAgentId,
        companyId,
        ...stampedBy(actor, "created"),
      },
    });
    await recordRoutineChange(tx, actor, runId, created, "routine.created", {
      title: created.title,
      assigneeAgentId: created.assigneeAgentId,
      executionWorkspaceId: created.executionWorkspaceId,
    });
    return created;
  });
  const [full] = await withRelations([routine]);
  return full;
}

export async function updateRoutine(actor: Actor, runId: string | null, routineId: string, input: UpdateRoutineInput) {
  const before = await findRoutine(actor, routineId);
  await requireRoutineManager(actor, before.companyId, [
    before.assigneeAgentId,
    input.assigneeAgentId === undefined ? before.assigneeAgentId : input.assigneeAgentId,
  ]);
  await requireRoutineReferences(before.companyId, input);
  const routine = await db.$transaction(async (tx) => {
    const updated = await tx.routine.update({
      where: { id: before.id },
      data: {
        ...routineData(input),
        ...stampedBy(actor, "updated"),
      },
    });
    // A resumed routine starts from now: the slots of its pause are not caught up on.
    if (before.status !== "active" && updated.status === "active") await rescheduleFromNow(tx, updated.id);
    await recordRoutineChange(tx, actor, runId, updated, "routine.updated", {
      changed: Object.keys(input),
      ...(input.status && input.status !== before.status ? { status: { from: before.status, to: input.status } } : {}),
    });
    return updated;
  });
  const [full] = await withRelations([routine]);
  return full;
}

async function rescheduleFromNow(tx: Tx, routineId: string) {
  const schedules = await tx.routineTrigger.findMany({ where: { routineId, kind: "schedule", enabled: true, cronExpression: { not: null } } });
  const now = await databaseNow(tx);
  for (const trigger of schedules) {
    await tx.routineTrigger.update({ where: { id: trigger.id }, data: { nextRunAt: nextCronSlot(trigger.cronExpression!, trigger.timezone ?? "UTC", now) } });
  }
}

/** Deleting a routine deletes its triggers and runs; the issues it created stay, with their origin. */
export async function deleteRoutine(actor: Actor, runId: string | null, routineId: string) {
  const routine = await findRoutine(actor, routineId);
  await requireRoutineManager(actor, routine.companyId, [routine.assigneeAgentId]);
  await db.$transaction(async (tx) => {
    const { count } = await tx.routine.deleteMany({ where: { id: routine.id } });
    if (!count) throw new NotFound("Routine");
    await recordRoutineChange(tx, actor, runId, routine, "routine.deleted", { title: routine.title });
  });
}

export async function listRoutineRuns(actor: Actor, routineId: string, limit = 50) {
  const routine = await findRoutine(actor, routineId);
  return db.routineRun.findMany({
    where: { routineId: routine.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { linkedIssue: { select: linkedIssueSelect } },
  });
}
