import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { recordRunEnvironment } from "../environments/resolve";
import { ensureExecutionWorkspace } from "../workspaces/provision";
import { sqlRows } from "../db/sql";
import { EVENTS_CHANNEL } from "../events/publish";
import type { Issue } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import { Conflict, Forbidden } from "../errors";
import { isRunLive, liveRunCondition, resolveAgentRun } from "../heartbeats/runs";
import type { IssueStatus } from "../schemas/issues";
import { blockersUnresolvedError, unresolvedBlockers, unresolvedBlockersSql } from "./blockers";
import { findIssue, lockIssue } from "./find";
import { requireRunOwnership } from "./ownership";
import { ISSUE_COLUMNS, issueFromRow, type IssueRow } from "./rows";
import { currentState, evaluateGates, targetState, transitionPrompts } from "../workflow/rules";
import { cachedWorkflowFor } from "../workflow/workflows";
import { presentAttachmentTypes } from "../workflow/attachments";
import { afterTransition, publishIssueEvent, transitionFields } from "./transition";

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
 * Everything a checkout writes, as one statement (atomic on its own, no round trips in between): the conditional
 * UPDATE that decides the winner — and refuses to start work while blockers are open — the activity row and the
 * live-event NOTIFY. The UPDATE wins when the issue is unassigned or the agent's; is in an expected status or already the
 * agent's work in progress; and, if in progress, its lock is free, this run's, or held by a run no longer live.
 * $1 issue, $2 agent, $3 run, $4 expected statuses, $5 actor type, $6 actor id, $7 acting agent, $8 the workflow state
 * the issue enters.
 */
const CHECKOUT_STATEMENT = `
  WITH before AS (
    SELECT id, status, checkout_run_id, assignee_agent_id FROM issues WHERE id = $1::uuid
  ), claimed AS (
    UPDATE issues i SET status = 'in_progress', assignee_agent_id = $2::uuid, assignee_user_id = NULL,
           checkout_run_id = $3::uuid, execution_run_id = $3::uuid,
           workflow_state = CASE WHEN i.status = 'in_progress' THEN i.workflow_state ELSE $8 END,
           state_entered_at = CASE WHEN i.status = 'in_progress' THEN i.state_entered_at ELSE now() END,
           started_at = COALESCE(i.started_at, now()), completed_at = NULL, cancelled_at = NULL, updated_at = now()
     WHERE i.id = $1::uuid
       AND (i.status = 'in_progress' OR NOT EXISTS (${unresolvedBlockersSql("i.id")}))
       AND i.assignee_user_id IS NULL AND (i.assignee_agent_id IS NULL OR i.assignee_agent_id = $2::uuid)
       AND (i.status = ANY($4::text[]) OR (i.status = 'in_progress' AND i.assignee_agent_id = $2::uuid))
       AND (i.status <> 'in_progress' OR i.checkout_run_id IS NULL OR i.checkout_run_id IS NOT DISTINCT FROM $3::uuid
            OR NOT ${liveRunCondition("i.checkout_run_id")})
     RETURNING ${ISSUE_COLUMNS.replace(/(\w+)/g, "i.$1")}
  ), logged AS (
    INSERT INTO activity_log (company_id, actor_type, actor_id, agent_id, run_id, action, entity_type, entity_id, details)
    SELECT c.company_id, $5, $6, $7::uuid, $3::text, 'issue.checked_out', 'issue', c.id::text,
           jsonb_build_object('identifier', c.identifier, 'agentId', $2::text, 'from', b.status, 'to', 'in_progress',
                              'previousRunId', b.checkout_run_id, 'adopted', b.status = 'in_progress' AND b.assignee_agent_id = $2::uuid)
      FROM claimed c CROSS JOIN before b
  )
  SELECT c.*, pg_notify('${EVENTS_CHANNEL}', json_build_object('companyId', c.company_id, 'type', 'issue.checked_out', 'entityType', 'issue', 'entityId', c.id, 'issueId', c.id)::text) IS NULL AS notified
    FROM claimed c`;

/**
 * Atomic checkout: one conditional UPDATE decides, so under any concurrency exactly one caller wins. The same
 * agent and run get 200 again (idempotent, nothing written); the same agent adopts a lock whose run has finished
 * or vanished; open blockers are 422 as for any move to in_progress.
 */
export async function checkoutIssue(actor: Actor, requestRunId: string | null, ref: string, input: { agentId: string; expectedStatuses: IssueStatus[] }) {
  if (actor.type === "agent" && input.agentId !== actor.agentId) throw new Forbidden("Agents can only check out issues as themselves", "checkout_as_other_agent");
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const current = await findIssue(actor, ref);
  requireCompanyAccess(actor, current.companyId, "act");
  if (actor.type === "board") await requireCompanyReferences(current.companyId, [{ field: "agentId", model: "agent", ids: [input.agentId] }]);
  if (current.assigneeAgentId === input.agentId && current.status === "in_progress" && current.checkoutRunId === runId) return { issue: current, workflowPrompts: [] };
  const workflow = await cachedWorkflowFor({ companyId: current.companyId, projectId: current.projectId });
  const fromState = currentState(workflow, current);
  // Starting work is a move to in_progress like any other: it must be an exit of the current state and pass its gates.
  const toState = current.status === "in_progress" ? fromState : targetState(workflow, fromState, "in_progress");
  const gates = current.status !== "in_progress" && fromState ? (workflow.gates[`status:${fromState}`] ?? []) : [];
  if (gates.length) evaluateGates(gates, await presentAttachmentTypes(current.id), false, fromState!);

  const [row] = await sqlRows<IssueRow>(CHECKOUT_STATEMENT, [
    current.id,
    input.agentId,
    runId,
    input.expectedStatuses,
    actor.type === "agent" ? "agent" : "user",
    actor.type === "agent" ? actor.agentId : actor.userId,
    actor.type === "agent" ? actor.agentId : null,
    toState,
  ]);
  if (row) {
    const moved = current.status !== "in_progress" && toState !== null;
    const workflowPrompts = moved ? transitionPrompts(workflow, { fromState, toState: toState!, fromPhase: current.phase, toPhase: current.phase }) : [];
    const won = issueFromRow(row);
    // With the project's isolated workspaces on, the winner gets its workspace before it starts work.
    const agent = won.projectId ? await db.agent.findUniqueOrThrow({ where: { id: input.agentId }, select: { companyId: true, defaultEnvironmentId: true } }) : null;
    const provisioned = agent ? await ensureExecutionWorkspace(won, await recordRunEnvironment(won, agent, runId), actor, runId) : null;
    if (!provisioned) return { issue: won, workflowPrompts };
    const issue = await db.issue.findUniqueOrThrow({ where: { id: won.id } });
    return { issue, workflowPrompts, ...(provisioned.error ? { warnings: [provisioned.error] } : {}) };
  }
  const issue = await db.issue.findUniqueOrThrow({ where: { id: current.id } });
  if (issue.status !== "in_progress") {
    const open = await unresolvedBlockers(db, issue.id);
    if (open.length) throw blockersUnresolvedError(open);
  }
  throw conflict(issue, await conflictReason(issue, input.agentId, input.expectedStatuses));
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
