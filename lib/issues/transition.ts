import "server-only";
import { recordActivity, type ActivityInput } from "../activity/record";
import type { Actor } from "../auth/actor";
import type { db, Tx } from "../db/client";
import type { Issue, IssueComment, IssueHeldAction, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { publishIssueEvent } from "../events/publish";
import { EXECUTION_CHANGE_ERRORS, assigneePrincipal, planExecutionChange, recordExecutionOutcome, reopens } from "../execution-policy/apply";
import type { ExecutionPolicyInput } from "../execution-policy/types";
import { holdWhileFinalizing } from "../held-actions/hold";
import { expireOnIssueClosed } from "../interactions/expire";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { requestWakeup } from "../wakeups/request";
import type { Workflow } from "../workflow/parse";
import { WORKFLOW_CHANGE_ERRORS, blockingUnder, initialWorkflowFields, planWorkflowChange, stateStatus, type WorkflowOutcome } from "../workflow/enforce";
import type { WorkflowPrompt } from "../workflow/rules";
import { releaseMarks } from "../marks/marks";
import { wakeReadyDependants } from "./dependants";
import { replaceBlockers, requireBlockersResolved } from "./blockers";
import { addCommentInTransaction } from "./comments";

/**
 * How a change arrives. Only `update` (a PATCH, or a held one being applied) and `create` decide review stages; a
 * checkout or release by the current participant leaves a pending stage as it is; `create` enters its workflow state
 * directly rather than moving out of one. `disconnect` is the system taking work back from an agent that is gone: it
 * enters the named state without exit or gate checks (nobody is left to satisfy a gate) and releases that agent's marks on the issue.
 */
export type ChangeSource = "create" | "update" | "comment" | "release" | "disconnect";

export type IssueChange = {
  via: ChangeSource;
  /** The status asked for. */
  status?: IssueStatus;
  /** A workflow state to enter by name (two states may share a status); its status is the status asked for. */
  state?: string;
  /** Brings a done or cancelled issue back to todo; otherwise changes nothing. */
  reopen?: boolean;
  phase?: string | null;
  /** Passes warn gates (recorded as issue.gate_forced); reject gates hold anyway. */
  force?: boolean;
  executionPolicy?: ExecutionPolicyInput | null;
  /** Written to the thread with the change; review decisions need one and their record links to it. */
  comment?: string;
  /** The assignee after the change, when the caller sets one. */
  assignee?: { agentId: string | null; userId: string | null };
  /** Other columns written in the same UPDATE: a PATCH's title, description, priority… */
  fields?: Prisma.IssueUncheckedUpdateInput;
  blockedByIssueIds?: string[];
  labelIds?: string[];
  /** A stage approval waits while the issue's workspace finalizes; `settled` is that wait being applied. */
  settled?: boolean;
  /** What a held approval stores, to be applied again as its author once the workspace settles. */
  heldPayload?: Prisma.InputJsonObject;
  /** The entry point's own activity row, from the issue as written, and its live event (issue.updated, issue.released…). */
  activity?: (issue: Issue) => Pick<ActivityInput, "action" | "details">;
  event?: string;
};

export type TransitionResult = { issue: Issue; workflowPrompts: WorkflowPrompt[]; warnings: string[]; comment: IssueComment | null; held?: IssueHeldAction };

const NO_WORKFLOW_CHANGE: WorkflowOutcome = { fields: {}, prompts: [], warnings: [], forcedGates: [] };

/**
 * A new issue enters its workflow state directly, not through an exit: the insert set the state of the status asked
 * for, and only a review policy that routed the issue elsewhere (done → in_review) moves it to its final status's.
 */
async function enteringWorkflow(tx: Tx, created: Issue, asked: IssueStatus | undefined, final: IssueStatus | undefined): Promise<WorkflowOutcome> {
  if (!final || final === asked) return NO_WORKFLOW_CHANGE;
  return { ...NO_WORKFLOW_CHANGE, fields: await initialWorkflowFields(tx, { companyId: created.companyId, projectId: created.projectId }, final) };
}

/** `reopen` (on a comment or a PATCH) brings a done or cancelled issue back to todo; otherwise it changes nothing. */
export function reopenedStatus(current: string, reopen: boolean | undefined): IssueStatus | undefined {
  return reopen && TERMINAL_STATUSES.includes(current as IssueStatus) ? "todo" : undefined;
}

/** The execution policy's, the workflow's, and the blockers': no cycles, and open blockers keep an issue from starting. */
export const TRANSITION_ISSUE_ERRORS = [
  ...EXECUTION_CHANGE_ERRORS,
  ...WORKFLOW_CHANGE_ERRORS,
  "blocker_cycle",
  "blockers_unresolved",
] as const satisfies readonly ErrorCode[];

/**
 * The only code that moves an issue's status or phase. In order: the execution policy (stage routing; any reopen
 * resets the stage state) → the workflow's exits and gates → blockers → the columns that follow (timestamps, locks,
 * timed-state time, workflow state) → one write → after-effects (activity, wakes, interaction expiry, the comment,
 * events). PATCH, comment reopen, release, create, held approvals and disconnects call it; checkout plans its single
 * statement with planCheckout() from the same pieces. The caller holds the issue row lock. The actor is null only for
 * the system's own moves (a disconnect), which edit no policy and decide no stage.
 */
export async function transitionIssue(tx: Tx, actor: Actor | null, runId: string | null, before: Issue, change: IssueChange): Promise<TransitionResult> {
  const assignee = change.assignee ?? { agentId: before.assigneeAgentId, userId: before.assigneeUserId };
  // A named state decides the status, so the execution policy sees it like any other status asked for.
  const named = change.state !== undefined ? await stateStatus(tx, before, change.state, change.status) : null;
  const asked = named ? named.status : (change.status ?? reopenedStatus(before.status, change.reopen));
  const execution = actor
    ? await planExecutionChange(tx, actor, before, change, {
        status: asked,
        assignee: assigneePrincipal({ assigneeAgentId: assignee.agentId, assigneeUserId: assignee.userId }),
        decides: change.via === "update" || change.via === "create",
      })
    : { data: {}, plan: null, status: asked };
  if (actor && execution.plan?.decision?.outcome === "approved" && !change.settled) {
    const held = await holdWhileFinalizing(tx, {
      issue: before,
      kind: "issue_update",
      workspaceId: before.executionWorkspaceId,
      payload: change.heldPayload ?? {},
      sameAs: { actorId: actor.type === "agent" ? actor.agentId : actor.userId },
      actor,
      runId,
    });
    // Nothing of the change is written while the approval waits.
    if (held) return { issue: before, workflowPrompts: [], warnings: [], comment: null, held };
  }
  const status = execution.status !== before.status ? execution.status : undefined;

  const workflow =
    change.via === "create"
      ? await enteringWorkflow(tx, before, change.status, status)
      : await planWorkflowChange(
          tx,
          before,
          { status, state: change.state, phase: change.phase, force: change.force, direct: change.via === "disconnect" },
          { workflow: named?.workflow },
        );

  if (change.blockedByIssueIds) await replaceBlockers(tx, before.companyId, before.id, change.blockedByIssueIds);
  if (status === "in_progress") await requireBlockersResolved(tx, before.id);

  const data: Prisma.IssueUncheckedUpdateInput = {
    ...change.fields,
    ...(change.assignee ? { assigneeAgentId: assignee.agentId, assigneeUserId: assignee.userId } : {}),
    ...execution.data,
    ...(status ? transitionFields(before, status) : {}),
    ...workflow.fields,
  };
  // The workflow in force follows the project: a moved issue blocks by its new workflow's blocking_states.
  const projectId = data.projectId as string | null | undefined;
  if (projectId !== undefined && projectId !== before.projectId) {
    data.blocking = await blockingUnder(
      tx,
      { companyId: before.companyId, projectId },
      {
        status: (data.status as string | undefined) ?? before.status,
        workflowState: (data.workflowState as string | null | undefined) ?? before.workflowState,
      },
    );
  }
  // A new assignee starts fresh: the previous holder's locks do not carry over.
  if (data.assigneeAgentId !== undefined && data.assigneeAgentId !== before.assigneeAgentId) Object.assign(data, { checkoutRunId: null, executionRunId: null });

  if (change.labelIds) await replaceLabels(tx, before.id, change.labelIds);
  const issue = Object.keys(data).length ? await tx.issue.update({ where: { id: before.id }, data }) : before;
  // Marks say who is editing what for a task: a closed task has nobody editing it, and one taken back from its agent
  // no longer has that agent (a reviewer's or helper's marks on it stay). Released before the after-effects, whose wakes
  // lock agent rows, so every path takes issue rows, then the marks lock, then agent rows (as deleting an agent does).
  const closed = TERMINAL_STATUSES.includes(issue.status as IssueStatus) && before.status !== issue.status;
  if (closed) await releaseMarks(tx, { issueId: issue.id }, "task closed");
  else if (change.via === "disconnect" && before.assigneeAgentId)
    await releaseMarks(tx, { issueId: issue.id, agentId: before.assigneeAgentId }, "agent disconnected");

  if (change.activity)
    await recordActivity(tx, actor, runId, { companyId: issue.companyId, entityType: "issue", entityId: issue.id, ...change.activity(issue) });
  // A new issue's creation is its own record, and nothing was waiting on an issue that did not exist.
  if (change.via !== "create") await afterStatusChange(tx, actor, runId, before, issue);
  const stageWake = execution.plan?.wake?.principal.type === "agent" ? execution.plan.wake.principal.agentId : null;
  // A stage hand-off wakes its participant with the stage's own reason instead of a plain assignment.
  const assignmentChanged = issue.assigneeAgentId !== before.assigneeAgentId || change.via === "create";
  const leftBacklog = before.status === "backlog" && issue.status !== "backlog";
  if ((assignmentChanged || leftBacklog) && !execution.plan?.wake) await wakeAssignee(tx, actor, runId, issue);
  // A stage decision wakes the executor with its own reason and the comment; the comment need not wake them again.
  const comment = change.comment && actor ? await addCommentInTransaction(tx, actor, runId, issue, change.comment, { alreadyWoken: stageWake }) : null;
  if (execution.plan && actor) await recordExecutionOutcome(tx, actor, runId, issue, execution.plan, comment);
  if (workflow.forcedGates.length) {
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: "issue.gate_forced",
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, gates: workflow.forcedGates },
    });
  }
  if (change.event) await publishIssueEvent(tx, issue, change.event);
  return { issue, workflowPrompts: workflow.prompts, warnings: workflow.warnings, comment };
}

export type CheckoutPlan = { fields: CheckoutFields; workflowPrompts: WorkflowPrompt[]; warnings: string[] };

/** The columns a checkout's single statement sets, as planned by the same rules as transitionIssue(). */
export type CheckoutFields = {
  workflowState: string | null;
  blocking: boolean | null;
  stateEnteredAt: Date | null;
  startedAt: Date;
  timeActualMs: bigint;
  stateTimeMs: Prisma.InputJsonValue | null;
  resetExecutionState: boolean;
};

export const PLAN_CHECKOUT_ERRORS = WORKFLOW_CHANGE_ERRORS;

/**
 * A checkout's move to in_progress, planned from the issue as read: workflow exit and gates, the timed-state time, the
 * workflow state, timestamps and the stage reset of a reopen. Blockers and the lock are the statement's own
 * conditions (they must be judged on the row as it is when the statement runs); the statement also requires the
 * status and workflow state it was planned from, so a plan made on a row that moved since is never written.
 */
export async function planCheckout(client: Tx | typeof db, current: Issue, workflow: Workflow, now = new Date()): Promise<CheckoutPlan> {
  const moving = current.status !== "in_progress";
  const planned = moving ? await planWorkflowChange(client, current, { status: "in_progress" }, { now, workflow }) : NO_WORKFLOW_CHANGE;
  const fields = { ...(moving ? transitionFields(current, "in_progress", now) : {}), ...planned.fields };
  return {
    fields: {
      workflowState: (fields.workflowState as string | undefined) ?? current.workflowState,
      blocking: fields.blocking !== undefined ? (fields.blocking as boolean | null) : current.blocking,
      stateEnteredAt: (fields.stateEnteredAt as Date | undefined) ?? current.stateEnteredAt,
      startedAt: (fields.startedAt as Date | undefined) ?? current.startedAt ?? now,
      timeActualMs: (fields.timeActualMs as bigint | undefined) ?? current.timeActualMs,
      stateTimeMs: (fields.stateTimeMs as Prisma.InputJsonValue | undefined) ?? (current.stateTimeMs as Prisma.InputJsonValue | null),
      resetExecutionState: reopens(current.status, "in_progress") && current.executionState !== null,
    },
    workflowPrompts: planned.prompts,
    warnings: planned.warnings,
  };
}

/** Columns that follow from moving `issue` to `to`: timestamps, and locks that end with active work. */
export function transitionFields(issue: Pick<Issue, "status" | "startedAt" | "completedAt" | "cancelledAt">, to: IssueStatus, now = new Date()) {
  const fields: Prisma.IssueUncheckedUpdateInput = { status: to };
  if (to === "in_progress" && !issue.startedAt) fields.startedAt = now;
  if (to === "done") fields.completedAt = now;
  else if (issue.completedAt) fields.completedAt = null;
  if (to === "cancelled") fields.cancelledAt = now;
  else if (issue.cancelledAt) fields.cancelledAt = null;
  if (issue.status === "in_progress" && to !== "in_progress") {
    fields.checkoutRunId = null;
    fields.executionRunId = null;
  }
  return fields;
}

async function replaceLabels(tx: Tx, issueId: string, labelIds: string[]) {
  await tx.issueLabel.deleteMany({ where: { issueId } });
  if (labelIds.length) await tx.issueLabel.createMany({ data: [...new Set(labelIds)].map((labelId) => ({ issueId, labelId })), skipDuplicates: true });
}

async function wakeAssignee(tx: Tx, actor: Actor | null, runId: string | null, issue: Issue) {
  if (!issue.assigneeAgentId || issue.status === "backlog") return;
  await requestWakeup(tx, actor, runId, {
    companyId: issue.companyId,
    agentId: issue.assigneeAgentId,
    reason: "issue_assigned",
    issueId: issue.id,
    payload: { issueId: issue.id, identifier: issue.identifier },
  });
}

/**
 * What a committed status change sets in motion: the activity row, expiry of open questions on a closed issue,
 * dependants' and parents' wakes. Dependants are looked at whenever the issue may have stopped blocking them: its
 * status or its workflow's blocking flag changed.
 */
async function afterStatusChange(tx: Tx, actor: Actor | null, runId: string | null, before: Pick<Issue, "status" | "blocking">, after: Issue) {
  const statusChanged = before.status !== after.status;
  if (statusChanged) {
    await recordActivity(tx, actor, runId, {
      companyId: after.companyId,
      action: "issue.status_changed",
      entityType: "issue",
      entityId: after.id,
      details: { identifier: after.identifier, from: before.status, to: after.status },
    });
  }
  const closed = statusChanged && TERMINAL_STATUSES.includes(after.status as IssueStatus);
  if (closed) await expireOnIssueClosed(tx, actor, runId, after);
  if (statusChanged || before.blocking !== after.blocking) await wakeReadyDependants(tx, actor, runId, before, after);
  if (closed && after.parentId) await wakeParentWhenChildrenFinish(tx, actor, runId, after);
}

async function wakeParentWhenChildrenFinish(tx: Tx, actor: Actor | null, runId: string | null, child: Issue) {
  const parent = await tx.issue.findUnique({ where: { id: child.parentId! }, select: { id: true, identifier: true, companyId: true, assigneeAgentId: true } });
  if (!parent?.assigneeAgentId) return;
  const open = await tx.issue.count({ where: { parentId: parent.id, status: { notIn: [...TERMINAL_STATUSES] } } });
  if (open > 0) return;
  await requestWakeup(tx, actor, runId, {
    companyId: parent.companyId,
    agentId: parent.assigneeAgentId,
    reason: "issue_children_completed",
    issueId: parent.id,
    payload: { issueId: parent.id, identifier: parent.identifier, lastChildId: child.id },
  });
}
