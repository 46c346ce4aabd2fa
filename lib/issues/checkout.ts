import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import type { Issue } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import { Conflict, Forbidden } from "../errors";
import { isRunLive, liveRunCondition, resolveAgentRun } from "../heartbeats/runs";
import type { IssueStatus } from "../schemas/issues";
import { findIssue, lockIssue } from "./find";
import { requireRunOwnership } from "./ownership";
import { afterTransition, publishIssueEvent, transitionFields, validateTransition } from "./transition";

export type CheckoutConflictReason = "held_by_other_agent" | "assigned_to_user" | "status_not_expected" | "held_by_other_run";

const HINTS: Record<CheckoutConflictReason, string> = {
  held_by_other_agent: "Another agent owns this issue. Do not retry; pick a different task.",
  assigned_to_user: "A board user owns this issue. Do not retry; pick a different task.",
  status_not_expected: "The issue is not in any of the expected statuses. Re-read it before deciding what to do.",
  held_by_other_run: "Another run of this agent holds the checkout. Let that run finish or release it.",
};

function conflict(issue: Issue, reason: CheckoutConflictReason): Conflict {
  return new Conflict(`Checkout refused: ${reason.replace(/_/g, " ")}`, "checkout_conflict", {
    issueId: issue.id,
    status: issue.status,
    assigneeAgentId: issue.assigneeAgentId,
    checkoutRunId: issue.checkoutRunId,
    executionRunId: issue.executionRunId,
    reason,
    hint: HINTS[reason],
  });
}

/** Why the conditional update matched nothing, judged from the row as it is now. */
async function conflictReason(issue: Issue, agentId: string, expected: readonly string[]): Promise<CheckoutConflictReason> {
  if (issue.assigneeAgentId && issue.assigneeAgentId !== agentId) return "held_by_other_agent";
  if (issue.assigneeUserId) return "assigned_to_user";
  if (issue.assigneeAgentId === agentId && issue.status === "in_progress" && issue.checkoutRunId && (await isRunLive(issue.checkoutRunId))) return "held_by_other_run";
  return expected.includes(issue.status) ? "held_by_other_run" : "status_not_expected";
}

/**
 * Atomic checkout: one conditional UPDATE decides, so under any concurrency exactly one caller wins. The same
 * agent and run get 200 again (idempotent); the same agent adopts a lock whose run has finished or vanished.
 */
export async function checkoutIssue(actor: Actor, requestRunId: string | null, ref: string, input: { agentId: string; expectedStatuses: IssueStatus[] }) {
  if (actor.type === "agent" && input.agentId !== actor.agentId) throw new Forbidden("Agents can only check out issues as themselves", "checkout_as_other_agent");
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const current = await findIssue(actor, ref);
  requireCompanyAccess(actor, current.companyId, "act");
  if (actor.type === "board") await requireCompanyReferences(current.companyId, [{ field: "agentId", model: "agent", ids: [input.agentId] }]);
  if (current.assigneeAgentId === input.agentId && current.status === "in_progress" && current.checkoutRunId === runId) return current;

  return db.$transaction(async (tx) => {
    if (current.status !== "in_progress") await validateTransition(tx, current, "in_progress");
    const claimed = await tx.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE issues SET status = 'in_progress', assignee_agent_id = $2::uuid, assignee_user_id = NULL,
              checkout_run_id = $3::uuid, execution_run_id = $3::uuid,
              started_at = COALESCE(started_at, now()), completed_at = NULL, cancelled_at = NULL, updated_at = now()
        WHERE id = $1::uuid AND (
          (status = ANY($4::text[]) AND assignee_user_id IS NULL AND (assignee_agent_id IS NULL OR assignee_agent_id = $2::uuid)
             AND (status <> 'in_progress' OR checkout_run_id IS NULL OR checkout_run_id IS NOT DISTINCT FROM $3::uuid OR NOT ${liveRunCondition("checkout_run_id")}))
          OR (status = 'in_progress' AND assignee_agent_id = $2::uuid
             AND (checkout_run_id IS NULL OR checkout_run_id IS NOT DISTINCT FROM $3::uuid OR NOT ${liveRunCondition("checkout_run_id")}))
        )
        RETURNING id`,
      current.id,
      input.agentId,
      runId,
      input.expectedStatuses,
    );
    const issue = await tx.issue.findUniqueOrThrow({ where: { id: current.id } });
    if (claimed.length === 0) throw conflict(issue, await conflictReason(issue, input.agentId, input.expectedStatuses));
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: "issue.checked_out",
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, agentId: input.agentId, previousRunId: current.checkoutRunId, adopted: current.assigneeAgentId === input.agentId && current.status === "in_progress" },
    });
    await afterTransition(tx, actor, runId, current, issue);
    await publishIssueEvent(tx, issue, "issue.checked_out");
    return issue;
  });
}

/** Gives the issue back: todo, no assignee, no locks. Only the holding agent (from its run) or a board user. */
export async function releaseIssue(actor: Actor, requestRunId: string | null, ref: string) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return db.$transaction(async (tx) => {
    const before = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, before.companyId, "act");
    if (actor.type === "agent" && before.assigneeAgentId !== actor.agentId) throw new Forbidden("Only the agent holding this issue (or the board) can release it", "not_holder");
    await requireRunOwnership(tx, before, actor, runId);
    const issue = await tx.issue.update({
      where: { id: before.id },
      data: { ...transitionFields(before, "todo"), assigneeAgentId: null, assigneeUserId: null, checkoutRunId: null, executionRunId: null },
    });
    await recordActivity(tx, actor, runId, { companyId: issue.companyId, action: "issue.released", entityType: "issue", entityId: issue.id, details: { identifier: issue.identifier, previousAssigneeAgentId: before.assigneeAgentId } });
    await afterTransition(tx, actor, runId, before, issue);
    await publishIssueEvent(tx, issue, "issue.released");
    return issue;
  });
}
