import "server-only";
import { recordActivity } from "../activity/record";
import type { Usage } from "../adapters/types";
import { setAgentStatus } from "../agents/status";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireAgentActor, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { Prisma, type Agent } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Unprocessable, type InvalidParam } from "../errors";
import { lockAgentRuns } from "../heartbeats/runnable";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { disconnectAgentWork } from "../issues/disconnect";
import { findIssue } from "../issues/find";
import { costOf, type ModelPrices } from "./prices";

// The one ledger of spend (cost_events): what adapters report when a run ends (source `adapter`) and what agents log
// with log_metrics (source `agent`). Budgets, the Costs page and task metrics all add up these rows.

export type CostEntry = { source: "adapter" | "agent"; usage: Usage | null; runId: string | null; issueId: string | null };

/** The int4 ceiling of the monthly spend columns. */
const SPEND_CEILING_CENTS = 2_147_483_647n;

/** Ledger rows matching `where` (over cost_events), added up. */
async function ledgerTotals(client: Tx | typeof db, where: Prisma.Sql) {
  const [sums] = await client.$queryRaw<{ cents: bigint; input: bigint; cached: bigint; output: bigint; entries: bigint }[]>`
    SELECT COALESCE(sum(cost_cents), 0)::bigint AS cents, COALESCE(sum(input_tokens), 0)::bigint AS input,
           COALESCE(sum(cached_input_tokens), 0)::bigint AS cached, COALESCE(sum(output_tokens), 0)::bigint AS output, count(*)::bigint AS entries
      FROM cost_events WHERE ${where}`;
  return {
    cents: Number(sums.cents),
    inputTokens: Number(sums.input),
    cachedInputTokens: Number(sums.cached),
    outputTokens: Number(sums.output),
    entries: Number(sums.entries),
  };
}

const wholeTokens = (count: number | undefined) => (count && Number.isFinite(count) && count > 0 ? Math.floor(count) : 0);

/**
 * The one place spend is added: a cost_events row, the agent's and company's monthly spend, and the budget rule —
 * crossing a set budget pauses the agent (its next wakes stay queued until a board user raises the budget or resumes
 * it; a terminated or pending agent keeps its status). In the caller's transaction; returns what `usage` cost in cents,
 * and whether this cost paused the agent (for the caller to disconnect its work once committed).
 *
 * An adapter's figure is the whole run's, and what the agent logged with log_metrics during that run is part of it: the
 * adapter's row records only the rest (cents and each token count floored at 0), so nothing is counted twice.
 */
export async function recordCost(tx: Tx, agent: Agent, entry: CostEntry): Promise<{ cents: number; paused: boolean }> {
  // The agent's lock before its row (the spend update, the ledger row's key): the order a pause takes them in.
  await lockAgentRuns(tx, agent.id);
  const company = await tx.company.findUniqueOrThrow({ where: { id: agent.companyId }, select: { settings: true } });
  const cents = costOf(entry.usage, ((company.settings as { modelPrices?: ModelPrices }).modelPrices ?? {}) as ModelPrices);
  let recorded = {
    cents,
    inputTokens: wholeTokens(entry.usage?.inputTokens),
    cachedInputTokens: wholeTokens(entry.usage?.cachedInputTokens),
    outputTokens: wholeTokens(entry.usage?.outputTokens),
  };
  if (entry.source === "adapter" && entry.runId) {
    const logged = await ledgerTotals(tx, Prisma.sql`run_id = ${entry.runId}::uuid AND source = 'agent'`);
    recorded = {
      cents: Math.max(0, recorded.cents - logged.cents),
      inputTokens: Math.max(0, recorded.inputTokens - logged.inputTokens),
      cachedInputTokens: Math.max(0, recorded.cachedInputTokens - logged.cachedInputTokens),
      outputTokens: Math.max(0, recorded.outputTokens - logged.outputTokens),
    };
  }
  if (recorded.cents === 0 && recorded.inputTokens === 0 && recorded.cachedInputTokens === 0 && recorded.outputTokens === 0) return { cents, paused: false };
  // A run's issue may have been deleted meanwhile: the row then belongs to no task rather than failing the run's end.
  await tx.$executeRaw`
    INSERT INTO cost_events (company_id, agent_id, run_id, issue_id, source, model, input_tokens, cached_input_tokens, output_tokens, cost_cents)
    VALUES (${agent.companyId}::uuid, ${agent.id}::uuid, ${entry.runId}::uuid, (SELECT id FROM issues WHERE id = ${entry.issueId}::uuid),
            ${entry.source}, ${entry.usage?.model ?? null}, ${BigInt(recorded.inputTokens)}, ${BigInt(recorded.cachedInputTokens)},
            ${BigInt(recorded.outputTokens)}, ${recorded.cents})`;
  if (recorded.cents === 0) return { cents, paused: false };
  // The spend columns are int4 cents: a month's spend saturates at their ceiling rather than failing the write.
  const [spend] = await tx.$queryRaw<{ spent: number; budget: number; status: string }[]>`
    UPDATE agents SET spent_monthly_cents = LEAST(spent_monthly_cents::bigint + ${BigInt(recorded.cents)}, ${SPEND_CEILING_CENTS})::int, updated_at = now()
     WHERE id = ${agent.id}::uuid RETURNING spent_monthly_cents AS spent, budget_monthly_cents AS budget, status`;
  await tx.$executeRaw`
    UPDATE companies SET spent_monthly_cents = LEAST(spent_monthly_cents::bigint + ${BigInt(recorded.cents)}, ${SPEND_CEILING_CENTS})::int, updated_at = now()
     WHERE id = ${agent.companyId}::uuid`;
  if (!(spend.budget > 0 && spend.spent >= spend.budget)) return { cents, paused: false };
  const after = await setAgentStatus(tx, null, null, agent, "paused", "budget");
  // Under the agent's lock nobody else pauses it meanwhile: paused now and not before is this cost's doing.
  return { cents, paused: spend.status !== "paused" && after.status === "paused" };
}

const MAX_COST_USD = 1_000_000;
const MAX_TOKENS = 1e12;
const TOKEN_FIELDS = ["inputTokens", "cachedInputTokens", "outputTokens"] as const;

type MetricsInput = { costUsd?: number; inputTokens?: number; cachedInputTokens?: number; outputTokens?: number; model?: string };

/** Logged metrics as usage: a cost from 0 to $1,000,000 and whole token counts up to 10^12, at least one of them given. */
function metricsUsage(input: MetricsInput): Usage {
  const problems: InvalidParam[] = [];
  if (input.costUsd !== undefined && !(input.costUsd >= 0 && input.costUsd <= MAX_COST_USD))
    problems.push({ name: "costUsd", reason: `Must be from 0 to ${MAX_COST_USD.toLocaleString("en-US")} (US dollars)` });
  for (const field of TOKEN_FIELDS) {
    const count = input[field];
    if (count !== undefined && !(Number.isInteger(count) && count >= 0 && count <= MAX_TOKENS))
      problems.push({ name: field, reason: "Must be a whole number from 0 to 10^12" });
  }
  if (problems.length) throw Unprocessable.fields(problems);
  if (input.costUsd === undefined && TOKEN_FIELDS.every((field) => input[field] === undefined))
    throw Unprocessable.field("costUsd", "Give costUsd or at least one of inputTokens, cachedInputTokens, outputTokens");
  return {
    inputTokens: input.inputTokens ?? 0,
    cachedInputTokens: input.cachedInputTokens ?? 0,
    outputTokens: input.outputTokens ?? 0,
    ...(input.model ? { model: input.model } : {}),
    ...(input.costUsd !== undefined ? { costCents: input.costUsd * 100 } : {}),
  };
}

export type TaskMetrics = {
  tasks: { id: string; identifier: string }[];
  costCents: number;
  costUsd: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  entries: number;
};

export const TASK_METRICS_ERRORS = ["not_found"] as const satisfies readonly ErrorCode[];

/** What the tasks (ids or identifiers) cost together: every ledger row about them, run-reported and logged alike. */
export async function taskMetrics(actor: Actor, refs: string[]): Promise<TaskMetrics> {
  const issues = await Promise.all(refs.map((ref) => findIssue(actor, ref)));
  const tasks = [...new Map(issues.map((issue) => [issue.id, { id: issue.id, identifier: issue.identifier }])).values()];
  const { cents, ...totals } = await ledgerTotals(db, Prisma.sql`issue_id = ANY(${tasks.map((task) => task.id)}::uuid[])`);
  return { tasks, costCents: cents, costUsd: cents / 100, ...totals };
}

export const LOG_METRICS_ERRORS = [...AGENT_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS, "agent_only", "invalid_field"] as const satisfies readonly ErrorCode[];

/**
 * log_metrics: the calling agent's cost and tokens for a task of its company, into the same ledger as run costs, so its
 * budget counts them. Without a cost the tokens are priced by the company's modelPrices. Sent with the run id, the
 * entry is part of that run's adapter-reported total (see recordCost). Answers with the task's totals after it.
 */
export async function logMetrics(
  actor: Actor,
  requestRunId: string | null,
  input: MetricsInput & { task: string },
): Promise<{ recordedCents: number; totals: TaskMetrics }> {
  requireAgentActor(actor);
  const usage = metricsUsage(input);
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  const issue = await findIssue(actor, input.task);
  requireCompanyAccess(actor, issue.companyId, "act");
  const { cents: recordedCents, paused } = await db.$transaction(async (tx) => {
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: actor.agentId } });
    const { cents, paused } = await recordCost(tx, agent, { source: "agent", usage, runId, issueId: issue.id });
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: "issue.metrics_logged",
      entityType: "issue",
      entityId: issue.id,
      details: {
        identifier: issue.identifier,
        costCents: cents,
        inputTokens: usage.inputTokens,
        cachedInputTokens: usage.cachedInputTokens,
        outputTokens: usage.outputTokens,
        model: usage.model ?? null,
      },
    });
    return { cents, paused };
  });
  // A budget pause here ends no run, so the agent leaves its work as any pause does, once the pause has committed.
  if (paused) await disconnectAgentWork({ agentId: actor.agentId }, "agent paused by its budget");
  return { recordedCents, totals: await taskMetrics(actor, [issue.id]) };
}
