import "server-only";
import { randomUUID } from "node:crypto";
import { requireCompanyReferences } from "../db/references";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, companyScope, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { Agent, AgentWakeupRequest, HeartbeatRun, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import type { EnvironmentConflict } from "../workspaces/conflicts";
import { GET_AGENT_ERRORS, getAgent } from "../agents/agents";
import { Conflict, Forbidden, NotFound } from "../errors";
import { requestWakeup, type WakeReason } from "../wakeups/request";
import { publishEvent } from "../events/publish";
import { lockAgentRuns, oldestQueuedRun, runSkipReason, type RunSkipReason } from "./runnable";
import { cancelLocalRun } from "./scheduler";

type RunWithEnvironment = Omit<HeartbeatRun, "log"> & { environment?: { id: string; name: string } | null };

export function serializeRun(run: RunWithEnvironment) {
  return {
    id: run.id,
    companyId: run.companyId,
    agentId: run.agentId,
    invocationSource: run.invocationSource,
    status: run.status,
    wakeReason: run.wakeReason,
    adapterType: run.adapterType,
    issueId: run.issueId,
    exitCode: run.exitCode,
    error: run.error,
    usage: run.usage,
    costCents: run.costCents,
    summary: run.summary,
    context: run.context,
    environmentId: run.environmentId,
    environmentRule: run.environmentRule,
    environment: run.environment ?? null,
    environmentConflict: run.environmentConflict as EnvironmentConflict | null,
    hostId: run.hostId,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    createdAt: run.createdAt.toISOString(),
  };
}

// The log (up to 512 KiB) is read only by the log route; run pages poll everything else every second.
const WITHOUT_LOG = { log: true } as const;

/** What readable() refuses, for every read of one run. */
export const READ_RUN_ERRORS = ["not_found", "agent_permission_required"] as const satisfies readonly ErrorCode[];

/** A run the actor may read: its company's, and for an agent only its own. */
function readable<T extends { agentId: string }>(actor: Actor, run: T | null): T {
  if (!run) throw new NotFound("Run");
  if (actor.type === "agent" && run.agentId !== actor.agentId) throw new Forbidden("Agents may only read their own runs", "agent_permission_required");
  return run;
}

export async function getRun(actor: Actor, runId: string) {
  return readable(actor, await db.heartbeatRun.findFirst({ where: { id: runId, ...companyScope(actor) }, omit: WITHOUT_LOG }));
}

/** Runs with the name of the environment each was resolved to, in one extra read. */
async function withEnvironments<T extends Omit<HeartbeatRun, "log">>(runs: T[]): Promise<(T & { environment: { id: string; name: string } | null })[]> {
  const ids = [...new Set(runs.map((run) => run.environmentId).filter((id): id is string => id !== null))];
  const environments = ids.length ? await db.environment.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  return runs.map((run) => ({ ...run, environment: environments.find((environment) => environment.id === run.environmentId) ?? null }));
}

export async function getRunDetail(actor: Actor, runId: string) {
  const [run] = await withEnvironments([await getRun(actor, runId)]);
  return run;
}

/**
 * The run's log, for the log route, in one read: whole as `log`, and as Paperclip's CLI tails it, the bytes from
 * `offset` (at most `limitBytes`) as `content` with the `nextOffset` to ask for next.
 */
export async function getRunLog(actor: Actor, runId: string, window: { offset?: number; limitBytes?: number } = {}) {
  const run = readable(
    actor,
    await db.heartbeatRun.findFirst({ where: { id: runId, ...companyScope(actor) }, select: { id: true, agentId: true, status: true, log: true } }),
  );
  const bytes = Buffer.from(run.log, "utf8");
  const start = Math.min(window.offset ?? 0, bytes.length);
  const end = Math.min(bytes.length, window.limitBytes ? start + window.limitBytes : bytes.length);
  return { runId: run.id, status: run.status, log: run.log, content: bytes.subarray(start, end).toString("utf8"), nextOffset: end };
}

/** Newest first; `agentId` narrows to one agent. */
export async function listRuns(actor: Actor, companyId: string, query: { agentId?: string; issueId?: string; limit?: number }) {
  if (actor.type === "agent" && query.agentId && query.agentId !== actor.agentId)
    throw new Forbidden("Agents may only list their own runs", "agent_permission_required");
  const runs = await db.heartbeatRun.findMany({
    where: {
      companyId,
      invocationSource: { not: "external" },
      ...(actor.type === "agent" ? { agentId: actor.agentId } : query.agentId ? { agentId: query.agentId } : {}),
      ...(query.issueId ? { issueId: query.issueId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit ?? 50,
    omit: WITHOUT_LOG,
  });
  return withEnvironments(runs);
}

/** The issues a run was woken for. */
export async function runIssues(actor: Actor, runId: string) {
  const run = await getRun(actor, runId);
  const wakes = await db.agentWakeupRequest.findMany({ where: { heartbeatRunId: run.id }, select: { issueId: true } });
  const ids = [...new Set([run.issueId, ...wakes.map((wake) => wake.issueId)].filter((id): id is string => Boolean(id)))];
  return db.issue.findMany({ where: { id: { in: ids }, companyId: run.companyId } });
}

/** The wakes a run delivered, oldest first, each with its 1-based place as `seq`; `afterSeq` and `limit` page them. */
export async function runEvents(actor: Actor, runId: string, page: { afterSeq?: number; limit?: number } = {}) {
  const run = await getRun(actor, runId);
  const wakes = await db.agentWakeupRequest.findMany({ where: { heartbeatRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const after = page.afterSeq ?? 0;
  return wakes.map((wake, index) => ({ seq: index + 1, wake })).slice(after, page.limit === undefined ? undefined : after + page.limit);
}

export const CANCEL_RUN_ERRORS = [...READ_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS, "run_not_active"] as const satisfies readonly ErrorCode[];

/**
 * Stops a run. A running one: its process group gets TERM, then KILL. A queued one ends at once as cancelled, with the
 * wakes that joined it, unless the scheduler started it first. Board users, or the agent itself.
 */
export async function cancelRun(actor: Actor, runId: string) {
  const run = await getRun(actor, runId);
  requireCompanyAccess(actor, run.companyId, "act");
  if (run.status !== "running" && run.status !== "queued") throw new Conflict(`The run is already ${run.status}`, "run_not_active", { status: run.status });
  await db.$transaction(async (tx) => {
    const now = new Date();
    // Under the agent's lock the claim cannot be starting this run meanwhile; if it already has, cancel it as running.
    if (run.status === "queued") await lockAgentRuns(tx, run.agentId);
    const { count: ended } = await tx.heartbeatRun.updateMany({
      where: { id: run.id, status: "queued" },
      data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now },
    });
    if (ended) await tx.agentWakeupRequest.updateMany({ where: { heartbeatRunId: run.id, status: "pending" }, data: { status: "cancelled" } });
    else await tx.heartbeatRun.update({ where: { id: run.id }, data: { cancelRequestedAt: now } });
    await recordActivity(tx, actor, null, {
      companyId: run.companyId,
      action: "heartbeat_run.cancel_requested",
      entityType: "agent",
      entityId: run.agentId,
      details: { runId: run.id },
    });
    if (ended) await publishEvent(tx, { companyId: run.companyId, type: "heartbeat_run.finished", entityType: "agent", entityId: run.agentId });
  });
  cancelLocalRun(run.id);
  return db.heartbeatRun.findUniqueOrThrow({ where: { id: run.id }, omit: WITHOUT_LOG });
}

export const WAKE_AGENT_ERRORS = [
  ...GET_AGENT_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  "agent_permission_required",
  "invalid_reference",
] as const satisfies readonly ErrorCode[];

/** A wake and the queued run that will carry it; `merged` when the run was already waiting. */
export type QueuedWake = { run: Omit<HeartbeatRun, "log">; merged: boolean; wake: AgentWakeupRequest };
/** No run would start now, and why; `wake` is the wake recorded anyway, if the caller keeps one. */
export type SkippedWake = { status: "skipped"; reason: RunSkipReason; wake: AgentWakeupRequest | null };

/**
 * Writes a wake and the run that will carry it, in the caller's transaction: the agent's queued run when it has one
 * (one run delivers every waiting wake), otherwise a new queued run, which the scheduler starts once the agent has no
 * run going. When no run would start (a paused, terminated or unapproved agent, or one without a delivery configured)
 * there is no run: the wake is still written if `keepWhenSkipped` (it waits for a resume, or the agent's inbox poll).
 */
async function wakeIntoRun(
  tx: Tx,
  actor: Actor,
  agent: Agent,
  input: { reason: WakeReason; payload: Prisma.InputJsonObject },
  keepWhenSkipped: boolean,
): Promise<QueuedWake | SkippedWake> {
  // The scheduler's claim takes the same lock, so a queued run found here is not started while the wake joins it.
  await lockAgentRuns(tx, agent.id);
  const wakeup = { companyId: agent.companyId, agentId: agent.id, ...input };
  const skipped = await runSkipReason(tx, agent.id);
  if (skipped) {
    const wake = keepWhenSkipped ? await requestWakeup(tx, actor, null, wakeup, { selfRequested: true }) : null;
    return { status: "skipped", reason: skipped, wake } satisfies SkippedWake;
  }
  const queued = await oldestQueuedRun(tx, agent.id);
  const run =
    queued ??
    (await tx.heartbeatRun.create({
      data: {
        id: randomUUID(),
        companyId: agent.companyId,
        agentId: agent.id,
        invocationSource: "scheduler",
        status: "queued",
        wakeReason: input.reason,
        adapterType: agent.adapterType,
        startedAt: null,
      },
      omit: WITHOUT_LOG,
    }));
  const wake = await requestWakeup(tx, actor, null, { ...wakeup, heartbeatRunId: run.id }, { selfRequested: true });
  if (!queued) await publishEvent(tx, { companyId: agent.companyId, type: "heartbeat_run.queued", entityType: "agent", entityId: agent.id });
  return { run, merged: queued !== null, wake: wake! } satisfies QueuedWake;
}

/** Board users for any agent of theirs, an agent only for itself. */
async function wakeableAgent(actor: Actor, agentRef: string) {
  const agent = await getAgent(actor, agentRef);
  requireCompanyAccess(actor, agent.companyId, "act");
  if (actor.type === "agent" && actor.agentId !== agent.id) throw new Forbidden("Agents may only wake themselves", "agent_permission_required");
  return agent;
}

/**
 * `wakeup`: a manual or on-demand wake with its reason and payload, joined to the run that will carry it as
 * heartbeat/invoke does (Paperclip's clients follow the answer as a run). Where no run would start the wake is kept
 * all the same, for a resume or the agent's inbox, and the answer says `skipped`.
 */
export async function wakeAgent(
  actor: Actor,
  agentRef: string,
  input: { reason?: WakeReason | null; payload?: Record<string, unknown> | null; source?: string; failedRunId?: string },
): Promise<QueuedWake | SkippedWake> {
  const agent = await wakeableAgent(actor, agentRef);
  // Paperclip names the run a retry follows; it is not stored, but it must still be one of this company's runs.
  await requireCompanyReferences(agent.companyId, [{ field: "body.failedRunId", model: "heartbeatRun", ids: [input.failedRunId] }]);
  const reason = input.reason ?? ((input.source === "timer" ? "heartbeat_timer" : "manual") as WakeReason);
  return db.$transaction(async (tx) => {
    const woken = await wakeIntoRun(tx, actor, agent, { reason, payload: (input.payload ?? {}) as Prisma.InputJsonObject }, true);
    await recordActivity(tx, actor, null, {
      companyId: agent.companyId,
      action: "agent.wakeup_requested",
      entityType: "agent",
      entityId: agent.id,
      details: { reason, ...("run" in woken ? { runId: woken.run.id } : {}) },
    });
    return woken;
  });
}

/**
 * `heartbeat/invoke`: a heartbeat_invoke wake and the run that will carry it, in one transaction (`wakeIntoRun`).
 * Nothing is written when no run would start: the answer is `skipped` with the reason.
 */
export async function invokeHeartbeat(actor: Actor, agentRef: string): Promise<QueuedWake | SkippedWake> {
  const agent = await wakeableAgent(actor, agentRef);
  return db.$transaction(async (tx) => {
    const woken = await wakeIntoRun(tx, actor, agent, { reason: "heartbeat_invoke", payload: {} }, false);
    if ("run" in woken)
      await recordActivity(tx, actor, null, {
        companyId: agent.companyId,
        action: "heartbeat.invoked",
        entityType: "agent",
        entityId: agent.id,
        details: { runId: woken.run.id, merged: woken.merged },
      });
    return woken;
  });
}

/** How wakeup and heartbeat/invoke answer: the run that will carry the wake, or `{status: "skipped", reason}`. */
export function serializeWokenRun(woken: QueuedWake | SkippedWake) {
  return "run" in woken ? serializeRun(woken.run) : { status: woken.status, reason: woken.reason };
}

/**
 * Spend this month by agent and by issue (the 50 costliest), and by day over the last 30 days: costs from the ledger
 * (cost_events: run-reported and logged alike), the number of runs from the runs.
 */
export async function companyCosts(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  const [agents, days, issues] = await Promise.all([
    db.agent.findMany({
      where: { companyId },
      select: { id: true, name: true, status: true, budgetMonthlyCents: true, spentMonthlyCents: true },
      orderBy: { spentMonthlyCents: "desc" },
    }),
    db.$queryRaw<{ day: Date; cost_cents: bigint; runs: bigint }[]>`
      WITH costs AS (
             SELECT date_trunc('day', created_at) AS day, sum(cost_cents) AS cost_cents
               FROM cost_events WHERE company_id = ${companyId}::uuid AND created_at > now() - interval '30 days' GROUP BY 1),
           runs AS (
             SELECT date_trunc('day', created_at) AS day, count(*) AS runs
               FROM heartbeat_runs WHERE company_id = ${companyId}::uuid AND created_at > now() - interval '30 days' AND invocation_source <> 'external'
              GROUP BY 1)
      SELECT COALESCE(costs.day, runs.day) AS day, COALESCE(costs.cost_cents, 0)::bigint AS cost_cents, COALESCE(runs.runs, 0)::bigint AS runs
        FROM costs FULL JOIN runs ON runs.day = costs.day ORDER BY 1`,
    db.$queryRaw<{ issue_id: string; identifier: string; title: string; cost_cents: bigint; input_tokens: bigint; output_tokens: bigint }[]>`
      SELECT e.issue_id, i.identifier, i.title, sum(e.cost_cents)::bigint AS cost_cents, sum(e.input_tokens)::bigint AS input_tokens,
             sum(e.output_tokens)::bigint AS output_tokens
        FROM cost_events e JOIN issues i ON i.id = e.issue_id
       WHERE e.company_id = ${companyId}::uuid AND e.created_at >= date_trunc('month', now())
       GROUP BY e.issue_id, i.identifier, i.title ORDER BY 4 DESC, 5 DESC, i.identifier LIMIT 50`,
  ]);
  return {
    byAgent: agents,
    byDay: days.map((row) => ({ day: row.day.toISOString().slice(0, 10), costCents: Number(row.cost_cents), runs: Number(row.runs) })),
    byIssue: issues.map((row) => ({
      issueId: row.issue_id,
      identifier: row.identifier,
      title: row.title,
      costCents: Number(row.cost_cents),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
    })),
  };
}
