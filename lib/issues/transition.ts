import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Issue, Prisma } from "../db/generated/client";
import { publishEvent } from "../events/publish";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { expireOnIssueClosed } from "../interactions/expire";
import { isOwnAction, requestWakeup, type WakeupInput } from "../wakeups/request";
import { finalizingAmong, holdAction } from "../workspaces/finalizing";
import { planWorkflowChange } from "../workflow/enforce";
import { requireBlockersResolved } from "./blockers";

/**
 * The status rules that hold whatever the workflow says: entering in_progress needs every blocker done. Workflow
 * exits and gates are added by planTransition(); review stages are planned by the execution policy before it.
 */
export async function validateTransition(tx: Tx, issue: Issue, to: IssueStatus) {
  if (to === "in_progress" && issue.status !== "in_progress") await requireBlockersResolved(tx, issue.id);
}

/**
 * A status and/or phase change, planned in full: the status rules, the workflow's exits, gates and timed-state
 * bookkeeping, and the columns to write. Every mutation that moves an issue goes through here; checkout carries the
 * same decisions in its single statement.
 */
export async function planTransition(tx: Tx, issue: Issue, change: { status?: IssueStatus; phase?: string | null; force?: boolean }) {
  const statusChanges = change.status !== undefined && change.status !== issue.status;
  if (statusChanges) await validateTransition(tx, issue, change.status!);
  const workflow = await planWorkflowChange(tx, issue, change);
  return { ...workflow, fields: { ...(statusChanges ? transitionFields(issue, change.status!) : {}), ...workflow.fields } };
}

/** `reopen` (on a comment or a PATCH) brings a done or cancelled issue back to todo; otherwise it changes nothing. */
export function reopenedStatus(current: string, reopen: boolean | undefined): IssueStatus | undefined {
  return reopen && TERMINAL_STATUSES.includes(current as IssueStatus) ? "todo" : undefined;
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

/**
 * What a committed status change sets in motion: the activity row, expiry of open questions on a closed issue,
 * dependants' and parents' wakes.
 */
export async function afterTransition(tx: Tx, actor: Actor | null, runId: string | null, before: Pick<Issue, "status">, after: Issue) {
  if (before.status === after.status) return;
  if (actor) {
    await recordActivity(tx, actor, runId, {
      companyId: after.companyId,
      action: "issue.status_changed",
      entityType: "issue",
      entityId: after.id,
      details: { identifier: after.identifier, from: before.status, to: after.status },
    });
  }
  if (TERMINAL_STATUSES.includes(after.status as IssueStatus)) await expireOnIssueClosed(tx, actor, runId, after);
  if (after.status === "done") await wakeReadyDependants(tx, actor, runId, after);
  if (TERMINAL_STATUSES.includes(after.status as IssueStatus) && after.parentId) await wakeParentWhenChildrenFinish(tx, actor, runId, after);
}

/**
 * Dependants whose every blocker is now done wake their assignee with issue_blockers_resolved; while a blocker's
 * workspace is still finalizing the wake is held and delivered once it settles, so nobody reads a half-written checkout.
 */
async function wakeReadyDependants(tx: Tx, actor: Actor | null, runId: string | null, resolved: Issue) {
  const dependants = await tx.issue.findMany({
    where: { blockedBy: { some: { blockedByIssueId: resolved.id } }, assigneeAgentId: { not: null } },
    select: { id: true, identifier: true, companyId: true, assigneeAgentId: true, blockedBy: { select: { blockedBy: { select: { status: true, executionWorkspaceId: true } } } } },
  });
  for (const dependant of dependants) {
    if (!dependant.blockedBy.every((relation) => relation.blockedBy.status === "done")) continue;
    // An agent finishing its own blocker is not woken by it, held or not.
    if (isOwnAction(actor, dependant.assigneeAgentId!)) continue;
    const wake: WakeupInput = {
      companyId: dependant.companyId,
      agentId: dependant.assigneeAgentId!,
      reason: "issue_blockers_resolved",
      issueId: dependant.id,
      payload: { issueId: dependant.id, identifier: dependant.identifier, resolvedBlockerId: resolved.id },
    };
    const finalizing = await finalizingAmong(tx, dependant.blockedBy.map((relation) => relation.blockedBy.executionWorkspaceId));
    if (finalizing.length) await holdAction(tx, { issue: dependant, kind: "wake", workspaceIds: finalizing.map((workspace) => workspace.id), payload: wake as Prisma.InputJsonObject, actor, runId });
    else await requestWakeup(tx, actor, runId, wake);
  }
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

export async function publishIssueEvent(tx: Tx, issue: Pick<Issue, "id" | "companyId">, type: string) {
  await publishEvent(tx, { companyId: issue.companyId, type, entityType: "issue", entityId: issue.id, issueId: issue.id });
}
