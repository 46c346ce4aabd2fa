import "server-only";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import type { Issue } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import { sqlRows } from "../db/sql";
import type { ErrorCode } from "../error-codes";
import { recordRunEnvironment } from "../environments/resolve";
import { EVENTS_CHANNEL } from "../events/publish";
import { Forbidden } from "../errors";
import { AGENT_RUN_ERRORS, isRunLive, liveRunCondition, resolveAgentRun } from "../heartbeats/runs";
import type { IssueStatus } from "../schemas/issues";
import { cachedWorkflowFor } from "../workflow/workflows";
import { ensureExecutionWorkspace } from "../workspaces/provision";
import { blockersUnresolvedError, unresolvedBlockers, unresolvedBlockersSql } from "./blockers";
import { findIssue } from "./find";
import { writeToIssue } from "./queue";
import { ISSUE_WRITER_ERRORS, checkoutConflict, requireIssueWriter, type CheckoutConflictReason } from "./ownership";
import { ISSUE_COLUMNS, issueFromRow, type IssueRow } from "./rows";
import { PLAN_CHECKOUT_ERRORS, TRANSITION_ISSUE_ERRORS, planCheckout, transitionIssue, type CheckoutPlan } from "./transition";

/** Why the conditional update matched nothing, judged from the row as it is now. */
async function conflictReason(issue: Issue, agentId: string, expected: readonly string[]): Promise<CheckoutConflictReason> {
  if (issue.assigneeAgentId && issue.assigneeAgentId !== agentId) return "held_by_other_agent";
  if (issue.assigneeUserId) return "assigned_to_user";
  if (issue.assigneeAgentId === agentId && issue.status === "in_progress" && issue.checkoutRunId && (await isRunLive(issue.checkoutRunId)))
    return "held_by_other_run";
  if (!expected.includes(issue.status) && !(issue.status === "in_progress" && issue.assigneeAgentId === agentId)) return "status_not_expected";
  // It looks free now, yet every attempt lost: other checkouts kept taking it (and giving it back) in between. It is
  // contended, and another agent has it more often than not.
  return "held_by_other_agent";
}

/**
 * Everything a checkout writes, as one statement (atomic on its own, no round trips in between): the conditional
 * UPDATE that decides the winner — and refuses to start work while blockers are open — the activity row and the
 * live-event NOTIFY. The UPDATE wins when the issue is unassigned or the agent's; is in an expected status or already the
 * agent's work in progress; and, if in progress, its lock is free, this run's, or held by a run no longer live. The
 * columns it sets were planned by planCheckout() from the row as read, so it also requires that row's status, workflow
 * state and state entry time: a row that moved since is re-read and planned again.
 * $1 issue, $2 agent, $3 run, $4 expected statuses, $5 actor type, $6 actor id, $7 acting agent, $8–$13 the planned
 * columns, $14–$16 the status, workflow state and state entry time they were planned from, $17 the planned blocking flag.
 */
const CHECKOUT_STATEMENT = `
  WITH before AS (
    SELECT id, status, checkout_run_id, assignee_agent_id FROM issues WHERE id = $1::uuid
  ), claimed AS (
    UPDATE issues i SET status = 'in_progress', assignee_agent_id = $2::uuid, assignee_user_id = NULL,
           checkout_run_id = $3::uuid, execution_run_id = $3::uuid,
           workflow_state = $8, blocking = $17::boolean, state_entered_at = $9::timestamptz, started_at = $10::timestamptz,
           time_actual_ms = $11::bigint, state_time_ms = $12::jsonb,
           execution_state = CASE WHEN $13::boolean THEN NULL ELSE i.execution_state END,
           completed_at = NULL, cancelled_at = NULL, updated_at = now()
     WHERE i.id = $1::uuid
       AND i.status = $14 AND i.workflow_state IS NOT DISTINCT FROM $15 AND i.state_entered_at IS NOT DISTINCT FROM $16::timestamptz
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

/** How often a checkout plans again when the row moved between its read and its statement (a concurrent PATCH). */
const CHECKOUT_ATTEMPTS = 3;

/**
 * Besides the plan's: a board caller's agent must be the company's, open blockers and a held lock refuse, and the
 * winner's workspace provisioning may find a runtime action pending.
 */
export const CHECKOUT_ISSUE_ERRORS = [
  "checkout_as_other_agent",
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  "invalid_reference",
  ...PLAN_CHECKOUT_ERRORS,
  "blockers_unresolved",
  "checkout_conflict",
  "runtime_action_pending",
] as const satisfies readonly ErrorCode[];

/**
 * Atomic checkout: one conditional UPDATE decides, so under any concurrency exactly one caller wins. The same
 * agent and run get 200 again (idempotent, nothing written); the same agent adopts a lock whose run has finished
 * or vanished; open blockers are 422 as for any move to in_progress.
 */
export async function checkoutIssue(actor: Actor, requestRunId: string | null, ref: string, input: { agentId: string; expectedStatuses: IssueStatus[] }) {
  if (actor.type === "agent" && input.agentId !== actor.agentId)
    throw new Forbidden("Agents can only check out issues as themselves", "checkout_as_other_agent");
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const current = await findIssue(actor, ref);
  requireCompanyAccess(actor, current.companyId, "act");
  if (actor.type === "board") await requireCompanyReferences(current.companyId, [{ field: "agentId", model: "agent", ids: [input.agentId] }]);
  if (current.assigneeAgentId === input.agentId && current.status === "in_progress" && current.checkoutRunId === runId)
    return { issue: current, workflowPrompts: [] };
  const workflow = await cachedWorkflowFor({ companyId: current.companyId, projectId: current.projectId });
  let issue = current;
  for (let attempt = 1; ; attempt += 1) {
    const plan = await planCheckout(db, issue, workflow);
    const [row] = await sqlRows<IssueRow>(CHECKOUT_STATEMENT, [
      issue.id,
      input.agentId,
      runId,
      input.expectedStatuses,
      actor.type === "agent" ? "agent" : "user",
      actor.type === "agent" ? actor.agentId : actor.userId,
      actor.type === "agent" ? actor.agentId : null,
      plan.fields.workflowState,
      plan.fields.stateEnteredAt,
      plan.fields.startedAt,
      plan.fields.timeActualMs.toString(),
      JSON.stringify(plan.fields.stateTimeMs ?? {}),
      plan.fields.resetExecutionState,
      issue.status,
      issue.workflowState,
      issue.stateEnteredAt,
      plan.fields.blocking,
    ]);
    if (row) return afterCheckout(actor, runId, input.agentId, issueFromRow(row), plan);
    const now = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
    const moved = now.status !== issue.status || now.workflowState !== issue.workflowState || now.stateEnteredAt?.getTime() !== issue.stateEnteredAt?.getTime();
    if (moved && attempt < CHECKOUT_ATTEMPTS) {
      issue = now;
      continue;
    }
    if (now.status !== "in_progress") {
      const open = await unresolvedBlockers(db, now.id);
      if (open.length) throw blockersUnresolvedError(open);
    }
    throw checkoutConflict(now, await conflictReason(now, input.agentId, input.expectedStatuses));
  }
}

/** The winner's after-effects: its workspace, with the project's isolated workspaces on, before it starts work. */
async function afterCheckout(actor: Actor, runId: string | null, agentId: string, won: Issue, plan: CheckoutPlan) {
  const agent = won.projectId ? await db.agent.findUniqueOrThrow({ where: { id: agentId }, select: { companyId: true, defaultEnvironmentId: true } }) : null;
  const provisioned = agent ? await ensureExecutionWorkspace(won, await recordRunEnvironment(won, agent, runId), actor, runId) : null;
  const warnings = [...plan.warnings, ...(provisioned?.error ? [provisioned.error] : [])];
  const issue = provisioned ? await db.issue.findUniqueOrThrow({ where: { id: won.id } }) : won;
  return { issue, workflowPrompts: plan.workflowPrompts, ...(warnings.length ? { warnings } : {}) };
}

export const RELEASE_ISSUE_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  ...TRANSITION_ISSUE_ERRORS,
] as const satisfies readonly ErrorCode[];

/**
 * Gives the issue back: todo, no assignee, no locks, through the same rules as any move (the workflow must allow the
 * exit; time in a timed state is recorded). The holding agent (from its run), the board, or an agent that may direct
 * the holder.
 */
export async function releaseIssue(actor: Actor, requestRunId: string | null, ref: string) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return writeToIssue(actor, ref, async (tx, before) => {
    await requireIssueWriter(tx, before, actor, runId, "release");
    const { issue } = await transitionIssue(tx, actor, runId, before, {
      via: "release",
      status: "todo",
      assignee: { agentId: null, userId: null },
      activity: () => ({ action: "issue.released", details: { identifier: before.identifier, previousAssigneeAgentId: before.assigneeAgentId } }),
      event: "issue.released",
    });
    return issue;
  });
}
