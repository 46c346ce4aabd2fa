import "server-only";
import type { Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { AGENT_MAX_CONCURRENT_RUNS } from "./limits";

// Whether a run will start for an agent, said once for the scheduler's claim (as SQL over `agents a`) and for
// heartbeat/invoke, which answers `skipped` rather than queue a run that would never start.

/** Paused, terminated and pending-approval agents start no runs; their wakes wait. */
export const AGENT_HALTED = Prisma.sql`a.status IN ('paused', 'terminated', 'pending_approval')`;

/** Agents without a delivery configured poll their inbox instead; their wakes stay pending for them. */
export const DELIVERY_CONFIGURED = Prisma.sql`((a.adapter_type = 'process' AND a.adapter_config ? 'command') OR (a.adapter_type = 'http' AND a.adapter_config ? 'url') OR a.adapter_type IN ('codex_local', 'claude_local'))`;

export type RunSkipReason = "agent_paused" | "agent_terminated" | "agent_pending_approval" | "no_delivery_configured";

/** Why no run would start for the agent now, or null when the scheduler would start one. */
export async function runSkipReason(tx: Tx, agentId: string): Promise<RunSkipReason | null> {
  const [row] = await tx.$queryRaw<{ status: string; halted: boolean; delivers: boolean }[]>`
    SELECT a.status, ${AGENT_HALTED} AS halted, ${DELIVERY_CONFIGURED} AS delivers FROM agents a WHERE a.id = ${agentId}::uuid`;
  if (row?.halted) return `agent_${row.status}` as RunSkipReason;
  return row?.delivers ? null : "no_delivery_configured";
}

/**
 * The agent's oldest queued run: wakeup and heartbeat/invoke join it, the scheduler's claim starts it, so both find it
 * the same way.
 */
export function oldestQueuedRun(tx: Tx, agentId: string) {
  return tx.heartbeatRun.findFirst({
    where: { agentId, invocationSource: "scheduler", status: "queued" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    omit: { log: true },
  });
}

/**
 * The agent's own lock, held to the end of the transaction by whatever changes the agent's status or runs. Lock order,
 * everywhere: hire approvals, then this lock, then the agent's row, then its runs, then its wakes.
 */
export async function lockAgentRuns(tx: Tx, agentId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${agentId}))`;
}

/** The same lock for the scheduler's claim, which moves on to another agent rather than wait; false when it is held. */
export async function tryLockAgentRuns(tx: Tx, agentId: string) {
  const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${agentId})) AS locked`;
  return locked;
}

/**
 * The agent's cap on its scheduler runs at once (`runtimeConfig.heartbeat.maxConcurrentRuns`, as SQL over `agents a`):
 * the schema keeps it a whole number from 1 to 50; rows written before it did are read within those bounds, else 1.
 */
const { min, max, default: fallback } = AGENT_MAX_CONCURRENT_RUNS;
export const AGENT_RUN_LIMIT = Prisma.raw(`(CASE WHEN jsonb_typeof(a.runtime_config #> '{heartbeat,maxConcurrentRuns}') = 'number'
  THEN LEAST(GREATEST(floor((a.runtime_config #>> '{heartbeat,maxConcurrentRuns}')::numeric), ${min}), ${max})::int ELSE ${fallback} END)`);

/**
 * Whether wake `w` of agent `a` may start a run now: the agent is below its cap, and no running run of the agent
 * carries a wake on the wake's issue (wakes without an issue count as one issue), so one issue is never worked by two
 * runs of one agent. Its carried wakes, not its `issue_id`: a run started under a cap of 1 carries every issue's wakes.
 */
export const WAKE_STARTABLE = Prisma.sql`(
  (SELECT count(*) FROM heartbeat_runs r WHERE r.agent_id = a.id AND r.status = 'running' AND r.invocation_source = 'scheduler') < ${AGENT_RUN_LIMIT}
  AND NOT EXISTS (SELECT 1 FROM agent_wakeup_requests c JOIN heartbeat_runs r ON r.id = c.heartbeat_run_id
                   WHERE c.agent_id = a.id AND c.status = 'claimed' AND r.status = 'running' AND r.invocation_source = 'scheduler'
                     AND c.issue_id IS NOT DISTINCT FROM w.issue_id))`;
