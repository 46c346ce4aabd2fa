import "server-only";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Issue } from "../db/generated/client";
import { Conflict } from "../errors";
import { isRunLive } from "../heartbeats/runs";

/**
 * While an issue is in progress under a live run, only that run writes to it: another run of the same agent
 * (a duplicate heartbeat) gets 409 instead of interleaving its changes.
 */
export async function requireRunOwnership(tx: Tx, issue: Issue, actor: Actor, runId: string | null) {
  if (actor.type !== "agent" || issue.status !== "in_progress" || !issue.checkoutRunId) return;
  if (issue.assigneeAgentId !== actor.agentId || runId === issue.checkoutRunId) return;
  if (!(await isRunLive(issue.checkoutRunId, tx))) return;
  throw new Conflict("Another run of this agent has this issue checked out; finish or release it from that run", "run_ownership_conflict", {
    issueId: issue.id,
    checkoutRunId: issue.checkoutRunId,
    runId,
  });
}
