import "server-only";
import { requireCompanyReferences } from "../db/references";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, companyScope, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import type { HeartbeatRun, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import type { EnvironmentConflict } from "../workspaces/conflicts";
import { GET_AGENT_ERRORS, getAgent } from "../agents/agents";
import { Conflict, Forbidden, NotFound } from "../errors";
import { requestWakeup, type WakeReason } from "../wakeups/request";
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

/** The run's log, for the log route, in one read. */
export async function getRunLog(actor: Actor, runId: string) {
  const run = readable(
    actor,
    await db.heartbeatRun.findFirst({ where: { id: runId, ...companyScope(actor) }, select: { id: true, agentId: true, status: true, log: true } }),
  );
  return { runId: run.id, status: run.status, log: run.log };
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

/** The wakes a run delivered, oldest first. */
export async function runEvents(actor: Actor, runId: string) {
  const run = await getRun(actor, runId);
  return db.agentWakeupRequest.findMany({ where: { heartbeatRunId: run.id }, orderBy: { createdAt: "asc" } });
}

export const CANCEL_RUN_ERRORS = [...READ_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS, "run_not_active"] as const satisfies readonly ErrorCode[];

/** Stops a running run: its process group gets TERM, then KILL. Board users, or the agent itself. */
export async function cancelRun(actor: Actor, runId: string) {
  const run = await getRun(actor, runId);
  requireCompanyAccess(actor, run.companyId, "act");
  if (run.status !== "running" && run.status !== "queued") throw new Conflict(`The run is already ${run.status}`, "run_not_active", { status: run.status });
  await db.$transaction(async (tx) => {
    await tx.heartbeatRun.update({ where: { id: run.id }, data: { cancelRequestedAt: new Date() } });
    await recordActivity(tx, actor, null, {
      companyId: run.companyId,
      action: "heartbeat_run.cancel_requested",
      entityType: "agent",
      entityId: run.agentId,
      details: { runId: run.id },
    });
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

/** A manual or on-demand wake: board users for any agent of theirs, an agent only for itself. */
export async function wakeAgent(
  actor: Actor,
  agentRef: string,
  input: { reason?: WakeReason | null; payload?: Record<string, unknown> | null; source?: string; failedRunId?: string },
) {
  const agent = await getAgent(actor, agentRef);
  requireCompanyAccess(actor, agent.companyId, "act");
  // Paperclip names the run a retry follows; it is not stored, but it must still be one of this company's runs.
  await requireCompanyReferences(agent.companyId, [{ field: "body.failedRunId", model: "heartbeatRun", ids: [input.failedRunId] }]);
  if (actor.type === "agent" && actor.agentId !== agent.id) throw new Forbidden("Agents may only wake themselves", "agent_permission_required");
  const reason = input.reason ?? ((input.source === "timer" ? "heartbeat_timer" : "manual") as WakeReason);
  return db.$transaction(async (tx) => {
    const wake = await requestWakeup(
      tx,
      actor,
      null,
      { companyId: agent.companyId, agentId: agent.id, reason, payload: (input.payload ?? {}) as Prisma.InputJsonObject },
      { selfRequested: true },
    );
    await recordActivity(tx, actor, null, {
      companyId: agent.companyId,
      action: "agent.wakeup_requested",
      entityType: "agent",
      entityId: agent.id,
      details: { reason },
    });
    return wake!;
  });
}

/** Spend this month by agent, and by day over the last 30 days, from the runs' recorded costs. */
export async function companyCosts(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  const [agents, days] = await Promise.all([
    db.agent.findMany({
      where: { companyId },
      select: { id: true, name: true, status: true, budgetMonthlyCents: true, spentMonthlyCents: true },
      orderBy: { spentMonthlyCents: "desc" },
    }),
    db.$queryRaw<{ day: Date; cost_cents: bigint; runs: bigint }[]>`
      SELECT date_trunc('day', created_at) AS day, COALESCE(sum(cost_cents), 0) AS cost_cents, count(*) AS runs
        FROM heartbeat_runs WHERE company_id = ${companyId}::uuid AND created_at > now() - interval '30 days' AND invocation_source <> 'external'
       GROUP BY 1 ORDER BY 1`,
  ]);
  return {
    byAgent: agents,
    byDay: days.map((row) => ({ day: row.day.toISOString().slice(0, 10), costCents: Number(row.cost_cents), runs: Number(row.runs) })),
  };
}
