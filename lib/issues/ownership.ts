import "server-only";
import { managerChain } from "../agents/agents";
import type { Actor } from "../auth/actor";
import type { db, Tx } from "../db/client";
import type { Issue } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, Forbidden } from "../errors";
import type { ExecutionState } from "../execution-policy/types";
import { isRunLive } from "../heartbeats/runs";

export type CheckoutConflictReason = "held_by_other_agent" | "assigned_to_user" | "status_not_expected" | "held_by_other_run";

const HINTS: Record<CheckoutConflictReason, string> = {
  held_by_other_agent: "Another agent owns this issue. Do not retry; pick a different task.",
  assigned_to_user: "A board user owns this issue. Do not retry; pick a different task.",
  status_not_expected: "The issue is not in any of the expected statuses. Re-read it before deciding what to do.",
  held_by_other_run: "Another run of this agent holds the checkout. Let that run finish or release it.",
};

/** 409 checkout_conflict naming who holds the issue, as checkout and writes to checked-out work answer it. */
export function checkoutConflict(issue: Issue, reason: CheckoutConflictReason, message = `Checkout refused: ${reason.replace(/_/g, " ")}`): Conflict {
  return new Conflict(message, "checkout_conflict", {
    issueId: issue.id,
    status: issue.status,
    assigneeAgentId: issue.assigneeAgentId,
    checkoutRunId: issue.checkoutRunId,
    executionRunId: issue.executionRunId,
    reason,
    hint: HINTS[reason],
  });
}

/**
 * Agents allowed to change work another agent has checked out: those with `permissions.canAssignTasks`, and the
 * holder's managers, any number of levels up its chain of command (`reportsTo`).
 */
async function mayDirect(client: Tx | typeof db, agentId: string, holderId: string) {
  const self = await client.agent.findUnique({ where: { id: agentId }, select: { permissions: true } });
  if ((self?.permissions as { canAssignTasks?: boolean } | null)?.canAssignTasks) return true;
  const holder = await client.agent.findUnique({ where: { id: holderId }, select: { id: true, companyId: true, reportsTo: true } });
  return holder !== null && (await managerChain(holder, client)).some((manager) => manager.id === agentId);
}

export const ISSUE_WRITER_ERRORS = ["run_ownership_conflict", "checkout_conflict", "not_holder"] as const satisfies readonly ErrorCode[];

/**
 * What a write does to the issue: talk in its thread (`comment`), only decide its status (`decision`: the current
 * participant of a pending review stage is judged by the stage's own rule), change it (`change`: status with other
 * fields, assignee, content, documents, evidence), or give it back (`release`).
 */
export type WriteIntent = "comment" | "decision" | "change" | "release";

/**
 * Who may write to an issue, in one place. While it is in progress under a live run, only that run writes to it:
 * another run of the holding agent (a duplicate heartbeat) gets 409 run_ownership_conflict for anything, comments
 * included; other agents may comment, but any other write is 409 checkout_conflict naming the holder, unless they may
 * direct the holder (mayDirect()). Releasing is the assignee's, its directors' or the board's also when the issue is
 * not checked out (403 not_holder). The board always may.
 */
export async function requireIssueWriter(tx: Tx, issue: Issue, actor: Actor, runId: string | null, intent: WriteIntent) {
  if (actor.type !== "agent") return;
  const holdsIt = issue.assigneeAgentId === actor.agentId;
  let directs: boolean | undefined;
  const mayDirectHolder = async () => (directs ??= issue.assigneeAgentId !== null && (await mayDirect(tx, actor.agentId, issue.assigneeAgentId)));
  const checkedOutElsewhere = issue.status === "in_progress" && issue.checkoutRunId !== null && runId !== issue.checkoutRunId;
  if (checkedOutElsewhere && (holdsIt || (intent !== "comment" && !(intent === "decision" && isPendingParticipant(issue, actor.agentId))))) {
    if (await isRunLive(issue.checkoutRunId!, tx)) {
      if (holdsIt) {
        throw new Conflict("Another run of this agent has this issue checked out; finish or release it from that run", "run_ownership_conflict", {
          issueId: issue.id,
          checkoutRunId: issue.checkoutRunId,
          runId,
        });
      }
      if (!(await mayDirectHolder())) {
        throw checkoutConflict(
          issue,
          "held_by_other_agent",
          "Another agent has this issue checked out; comment on it, or ask the board or that agent's manager to reassign it",
        );
      }
    }
  }
  if (intent === "release" && !holdsIt && !(await mayDirectHolder())) {
    throw new Forbidden("Only the agent holding this issue, its managers or the board can release it", "not_holder");
  }
}

function isPendingParticipant(issue: Issue, agentId: string) {
  const state = issue.executionState as ExecutionState | null;
  return state?.status === "pending" && state.currentParticipant?.type === "agent" && state.currentParticipant.agentId === agentId;
}
