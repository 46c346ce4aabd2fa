import "server-only";
import type { Actor } from "../auth/actor";
import type { ErrorCode } from "../error-codes";
import { db, type Tx } from "../db/client";
import { sqlRows } from "../db/sql";
import { BadRequest, Forbidden, Unauthorized } from "../errors";
import { isUuid } from "../schemas/agents";

/**
 * SQL for "this run still holds its locks": queued or running, and for external runs (ones an agent announced by
 * header, which nobody finishes for us) seen within the last 30 minutes. `column` names the run-id column to test.
 */
export function liveRunCondition(column: string): string {
  return `EXISTS (SELECT 1 FROM heartbeat_runs r WHERE r.id = ${column} AND r.status IN ('queued', 'running') AND (r.invocation_source <> 'external' OR r.last_seen_at > now() - interval '30 minutes'))`;
}

export async function isRunLive(runId: string, client: Tx | typeof db = db): Promise<boolean> {
  const rows = await client.$queryRawUnsafe<{ live: boolean }[]>(`SELECT ${liveRunCondition("$1::uuid")} AS live`, runId);
  return rows[0]?.live ?? false;
}

export const AGENT_RUN_ERRORS = ["run_id_required", "run_agent_mismatch", "run_token_mismatch", "invalid_run_id"] as const satisfies readonly ErrorCode[];

/**
 * The run an agent acts for (X-Paperclip-Run-Id). Unknown ids become an "external" heartbeat run owned by the
 * agent, so agents running anywhere can use the API; an id that belongs to another agent is refused.
 * Board callers have no runs: null.
 */
export async function resolveAgentRun(actor: Actor, runId: string | null, options: { required: boolean }): Promise<string | null> {
  if (actor.type !== "agent") return null;
  if (actor.boundRunId) {
    if (runId && runId !== actor.boundRunId) throw new Forbidden("This run token belongs to another run than X-Paperclip-Run-Id names", "run_token_mismatch");
    return actor.boundRunId;
  }
  if (!runId) {
    if (options.required) throw new Unauthorized("Agent mutations need the X-Paperclip-Run-Id header", "run_id_required");
    return null;
  }
  if (!isUuid(runId)) {
    throw new BadRequest("X-Paperclip-Run-Id must be a UUID", "invalid_run_id", {
      invalidParams: [{ name: "header.X-Paperclip-Run-Id", reason: "Must be a UUID" }],
    });
  }
  if (recentlyConfirmed(runId, actor.agentId)) return runId;
  const owned = await sqlRows<{ agent_id: string }>(
    `INSERT INTO heartbeat_runs (id, company_id, agent_id, invocation_source, status)
     VALUES ($1::uuid, $2::uuid, $3::uuid, 'external', 'running')
     ON CONFLICT (id) DO UPDATE SET last_seen_at = now() WHERE heartbeat_runs.agent_id = $3::uuid
     RETURNING agent_id`,
    [runId, actor.companyId, actor.agentId],
  );
  if (owned.length === 0) throw new Forbidden("That run belongs to another agent", "run_agent_mismatch");
  rememberRun(runId, actor.agentId);
  return runId;
}

// Runs this process confirmed recently, so a busy agent does not rewrite its run row on every request.
// last_seen_at then moves at least once a minute, well inside the 30-minute liveness window.
const CONFIRMED_RUN_TTL_MS = 60_000;
const MAX_CONFIRMED_RUNS = 10_000;
const globalForRuns = globalThis as unknown as { switchboardConfirmedRuns?: Map<string, { agentId: string; at: number }> };

function confirmedRuns() {
  globalForRuns.switchboardConfirmedRuns ??= new Map();
  return globalForRuns.switchboardConfirmedRuns;
}

function recentlyConfirmed(runId: string, agentId: string): boolean {
  const entry = confirmedRuns().get(runId);
  return entry !== undefined && entry.agentId === agentId && Date.now() - entry.at < CONFIRMED_RUN_TTL_MS;
}

function rememberRun(runId: string, agentId: string) {
  const runs = confirmedRuns();
  if (runs.size >= MAX_CONFIRMED_RUNS) runs.delete(runs.keys().next().value!);
  runs.set(runId, { agentId, at: Date.now() });
}
