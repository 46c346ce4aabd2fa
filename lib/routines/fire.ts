import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import { Prisma, type ExecutionWorkspace, type Issue, type Routine, type RoutineRun, type RoutineTrigger } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { Conflict, DomainError, NotFound, Unprocessable } from "../errors";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { CREATE_ISSUE_ERRORS, createIssueInTransaction } from "../issues/mutations";
import type { CreateIssueInput } from "../schemas/issues";
import type { RoutineVariable, RunRoutineInput, RunSource, RunStatus } from "../schemas/routines";
import type { IssuePriority } from "../schemas/values";
import { ROUTINE_MANAGE_ERRORS, findRoutine, isOpen, publishRoutineEvent, requireRoutineManager } from "./routines";
import type { LinkedIssue } from "./serialize";
import { builtinVariables, renderTemplate, resolveVariables } from "./variables";

export type RoutineFire = {
  source: RunSource;
  triggerId?: string | null;
  scheduledFor?: Date | null;
  idempotencyKey?: string | null;
  payload?: Record<string, unknown> | null;
  /** Variable values given apart from the payload (a manual run's `variables`). */
  variables?: Record<string, unknown> | null;
  executionWorkspaceId?: string | null;
  actor: Actor | null;
  /** The heartbeat run an agent fires for, recorded on the activity. */
  runId?: string | null;
};

export type FiredRun = RoutineRun & { linkedIssue: LinkedIssue | null };
export type FireResult = { run: FiredRun; issue: Issue | null; created: boolean };

const linkedIssueSelect = { id: true, identifier: true, title: true, status: true } as const;

/** What a fire can answer with when a caller waits for it (manual and api runs, webhooks). */
export const FIRE_ROUTINE_ERRORS = [
  ...CREATE_ISSUE_ERRORS,
  "routine_not_active",
  "routine_trigger_disabled",
  "routine_variables_invalid",
  "invalid_reference",
] as const satisfies readonly ErrorCode[];

/** Fires with nobody waiting (a schedule) record a failure as a failed run; a waiting caller gets the error instead. */
const callerWaits = (fire: RoutineFire) => fire.actor !== null || fire.source === "webhook";

/** The run a retry of this fire would duplicate: the same trigger and slot, or the same idempotency key. */
async function duplicateOf(tx: Tx, routineId: string, fire: RoutineFire) {
  const same: Prisma.RoutineRunWhereInput[] = [];
  if (fire.triggerId && fire.scheduledFor) same.push({ triggerId: fire.triggerId, scheduledFor: fire.scheduledFor });
  if (fire.idempotencyKey) same.push({ triggerId: fire.triggerId ?? null, idempotencyKey: fire.idempotencyKey });
  if (!same.length) return null;
  return tx.routineRun.findFirst({ where: { routineId, OR: same }, include: { linkedIssue: { select: linkedIssueSelect } } });
}

function recordedPayload(fire: RoutineFire): Prisma.InputJsonObject | typeof Prisma.DbNull {
  if (!fire.payload && !fire.variables) return Prisma.DbNull;
  const payload = fire.payload ?? {};
  if (!fire.variables) return payload as Prisma.InputJsonObject;
  const nested = typeof payload.variables === "object" && payload.variables !== null && !Array.isArray(payload.variables) ? payload.variables : {};
  return { ...payload, variables: { ...nested, ...fire.variables } } as Prisma.InputJsonObject;
}

/**
 * The claim: one row per trigger and slot and per trigger and idempotency key (unique indexes). ON CONFLICT waits for
 * a concurrent claimer to commit and then yields nothing, so exactly one fire of a slot goes on.
 */
async function claimRun(tx: Tx, routine: Routine, fire: RoutineFire, status: RunStatus = "received", failureReason: string | null = null) {
  const payload = recordedPayload(fire);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO routine_runs (company_id, routine_id, trigger_id, source, status, scheduled_for, idempotency_key, trigger_payload, failure_reason, completed_at)
    VALUES (${routine.companyId}::uuid, ${routine.id}::uuid, ${fire.triggerId ?? null}::uuid, ${fire.source}, ${status}, ${fire.scheduledFor ?? null}::timestamptz,
            ${fire.idempotencyKey ?? null}, ${payload === Prisma.DbNull ? null : JSON.stringify(payload)}::jsonb, ${failureReason},
            ${status === "received" ? null : new Date()}::timestamptz)
    ON CONFLICT DO NOTHING
    RETURNING id`;
  return rows[0] ? tx.routineRun.findUniqueOrThrow({ where: { id: rows[0].id } }) : null;
}

type Outcome = {
  status: Exclude<RunStatus, "received">;
  issue?: Issue | null;
  failureReason?: string | null;
  coalescedIntoRunId?: string | null;
  linkedIssueId?: string | null;
};

/** Records what came of a claimed run, on the run, the routine and its trigger, with its activity and live event. */
async function settle(tx: Tx, routine: Routine, trigger: RoutineTrigger | null, run: RoutineRun, fire: RoutineFire, outcome: Outcome): Promise<FiredRun> {
  const now = new Date();
  const linkedIssueId = outcome.issue?.id ?? outcome.linkedIssueId ?? null;
  const settled = await tx.routineRun.update({
    where: { id: run.id },
    data: {
      status: outcome.status,
      linkedIssueId,
      coalescedIntoRunId: outcome.coalescedIntoRunId ?? null,
      failureReason: outcome.failureReason ?? null,
      completedAt: now,
    },
    include: { linkedIssue: { select: linkedIssueSelect } },
  });
  await tx.routine.update({
    where: { id: routine.id },
    data: { lastTriggeredAt: now, ...(outcome.issue ? { lastEnqueuedAt: now } : {}) },
  });
  if (trigger) {
    const result = outcome.issue ? `issue_created ${outcome.issue.identifier}` : outcome.status;
    await tx.routineTrigger.update({ where: { id: trigger.id }, data: { lastFiredAt: now, lastResult: result } });
  }
  await recordActivity(tx, fire.actor, fire.runId ?? null, {
    companyId: routine.companyId,
    action: "routine.triggered",
    entityType: "routine",
    entityId: routine.id,
    details: {
      runId: settled.id,
      source: fire.source,
      status: settled.status,
      triggerId: trigger?.id ?? null,
      issueId: linkedIssueId,
      ...(outcome.issue ? { identifier: outcome.issue.identifier } : {}),
      ...(outcome.failureReason ? { reason: outcome.failureReason } : {}),
    },
  });
  await publishRoutineEvent(tx, routine, "routine.run_created");
  return settled;
}

/** The run whose issue decides the concurrency policy: the last one that created an issue, while that issue is open. */
async function activeRun(tx: Tx, routineId: string) {
  const last = await tx.routineRun.findFirst({
    where: { routineId, status: "issue_created" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { linkedIssue: { select: linkedIssueSelect } },
  });
  return last?.linkedIssue && isOpen(last.linkedIssue) ? last : null;
}

/**
 * The issue a fire creates, from the routine's templates: declared variables from the payload or defaults, built-ins
 * (date in the trigger's zone, routine title, the workspace's name, branch and path). A workspace routine's issue is
 * pinned to that execution workspace, so its runs reuse it as any issue bound to a workspace does.
 */
function issueInput(routine: Routine, trigger: RoutineTrigger | null, workspace: ExecutionWorkspace | null, fire: RoutineFire, now: Date): CreateIssueInput {
  const declared = resolveVariables(routine.variables as RoutineVariable[], { variables: fire.variables, payload: fire.payload });
  const values = { ...builtinVariables({ now, timeZone: trigger?.timezone, routineTitle: routine.title, workspace }), ...declared };
  const title = renderTemplate(routine.title, values, 500).trim().slice(0, 500);
  return {
    title: title || routine.title.slice(0, 500),
    description: routine.description === null ? null : renderTemplate(routine.description, values).slice(0, 200_000),
    assigneeAgentId: routine.assigneeAgentId,
    projectId: routine.projectId ?? workspace?.projectId ?? null,
    goalId: routine.goalId,
    parentId: routine.parentIssueId,
    priority: routine.priority as IssuePriority,
    ...(workspace ? { executionWorkspaceId: workspace.id, executionWorkspacePreference: "reuse_existing" as const } : {}),
  };
}

async function fireInTransaction(tx: Tx, routineId: string, fire: RoutineFire): Promise<FireResult> {
  // One fire of a routine at a time: its concurrency policy reads the last run and acts on it.
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM routines WHERE id = ${routineId}::uuid FOR UPDATE`;
  if (!locked) throw new NotFound("Routine");
  const routine = await tx.routine.findUniqueOrThrow({ where: { id: routineId } });
  const duplicate = await duplicateOf(tx, routine.id, fire);
  if (duplicate) return { run: duplicate, issue: null, created: false };
  const run = await claimRun(tx, routine, fire);
  if (!run) {
    const existing = await duplicateOf(tx, routine.id, fire);
    if (!existing) throw new Conflict("This routine run was claimed by another fire; retry", "conflict");
    return { run: existing, issue: null, created: false };
  }
  const trigger = fire.triggerId ? await tx.routineTrigger.findFirst({ where: { id: fire.triggerId, routineId: routine.id } }) : null;
  const manual = fire.source === "manual" || fire.source === "api";

  if (routine.status !== "active") {
    if (manual) throw new Conflict(`The routine is ${routine.status}; set it to active to run it`, "routine_not_active");
    return {
      run: await settle(tx, routine, trigger, run, fire, { status: "skipped", failureReason: `Routine is ${routine.status}` }),
      issue: null,
      created: true,
    };
  }
  if (trigger && !trigger.enabled) {
    if (manual) throw new Conflict("This trigger is disabled", "routine_trigger_disabled");
    return { run: await settle(tx, routine, trigger, run, fire, { status: "skipped", failureReason: "Trigger is disabled" }), issue: null, created: true };
  }

  const active = routine.concurrencyPolicy === "always_enqueue" ? null : await activeRun(tx, routine.id);
  if (active?.linkedIssue) {
    const reason = `${active.linkedIssue.identifier} from an earlier run is still open`;
    const outcome: Outcome =
      routine.concurrencyPolicy === "coalesce_if_active"
        ? { status: "coalesced", coalescedIntoRunId: active.id, linkedIssueId: active.linkedIssue.id, failureReason: reason }
        : { status: "skipped", failureReason: reason };
    return { run: await settle(tx, routine, trigger, run, fire, outcome), issue: null, created: true };
  }

  const workspaceId = fire.executionWorkspaceId ?? routine.executionWorkspaceId;
  const workspace = workspaceId ? await tx.executionWorkspace.findFirst({ where: { id: workspaceId, companyId: routine.companyId } }) : null;
  if (workspaceId && !workspace)
    throw Unprocessable.fields([{ name: "executionWorkspaceId", reason: `No executionWorkspace ${workspaceId} in this company` }], "invalid_reference");
  // A caught-up slot is dated by its own time, not by when it was caught up on.
  const input = issueInput(routine, trigger, workspace, fire, fire.scheduledFor ?? run.triggeredAt);
  const issue = await createIssueInTransaction(tx, fire.actor, fire.runId ?? null, routine.companyId, input, {
    originKind: "routine_execution",
    originId: routine.id,
    originRunId: run.id,
  });
  return { run: await settle(tx, routine, trigger, run, fire, { status: "issue_created", issue }), issue, created: true };
}

/** A scheduled fire that could not create its issue leaves a failed run saying why, rather than nothing. */
async function recordFailure(routineId: string, fire: RoutineFire, reason: string): Promise<FireResult | null> {
  return db.$transaction(async (tx) => {
    const routine = await tx.routine.findUnique({ where: { id: routineId } });
    if (!routine) return null;
    const run = await claimRun(tx, routine, fire, "failed", reason);
    if (!run) {
      const existing = await duplicateOf(tx, routine.id, fire);
      return existing ? { run: existing, issue: null, created: false } : null;
    }
    const trigger = fire.triggerId ? await tx.routineTrigger.findFirst({ where: { id: fire.triggerId, routineId } }) : null;
    return { run: await settle(tx, routine, trigger, run, fire, { status: "failed", failureReason: reason }), issue: null, created: true };
  });
}

/**
 * Records the run (unique per trigger+scheduledFor and trigger+idempotencyKey: a duplicate returns the existing run
 * with created=false and does nothing), applies the concurrency policy, creates the issue through the issue create
 * path (wakes, workflow, policies apply), links it. Access is the caller's to check; `actor` null is the system.
 */
export async function fireRoutine(routineId: string, fire: RoutineFire): Promise<FireResult> {
  try {
    return await db.$transaction((tx) => fireInTransaction(tx, routineId, fire));
  } catch (error) {
    if (callerWaits(fire) || !(error instanceof DomainError) || error instanceof NotFound) throw error;
    const failed = await recordFailure(routineId, fire, error.message);
    if (!failed) throw error;
    return failed;
  }
}

export const RUN_ROUTINE_ERRORS = [...ROUTINE_MANAGE_ERRORS, ...AGENT_RUN_ERRORS, ...FIRE_ROUTINE_ERRORS] as const satisfies readonly ErrorCode[];

/**
 * "Run now" (and Paperclip's api-source run): the caller must be allowed to manage the routine; paused or archived is
 * 409. Runs name no trigger (Paperclip's triggerId is ignored), so only schedules and webhooks claim per-trigger keys.
 */
export async function runRoutine(actor: Actor, requestRunId: string | null, routineId: string, input: RunRoutineInput): Promise<FireResult> {
  const routine = await findRoutine(actor, routineId);
  await requireRoutineManager(actor, routine.companyId, [routine.assigneeAgentId]);
  // The same rule as any issue create: an agent acts for a run, which the issue it makes is attributed to.
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  await requireCompanyReferences(routine.companyId, [{ field: "executionWorkspaceId", model: "executionWorkspace", ids: [input.executionWorkspaceId] }]);
  return fireRoutine(routine.id, {
    source: input.source ?? "manual",
    idempotencyKey: input.idempotencyKey ?? null,
    payload: input.payload ?? null,
    variables: input.variables ?? null,
    executionWorkspaceId: input.executionWorkspaceId ?? null,
    actor,
    runId,
  });
}
