import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess, requireOwnerFor } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { createIdempotently } from "../db/idempotency";
import { Prisma, type Issue, type IssueHeldAction } from "../db/generated/client";
import { assigneePrincipal, planIssueUpdate, preparePolicy, recordExecutionOutcome } from "../execution-policy/apply";
import type { ExecutionPolicy } from "../execution-policy/types";
import { initialWorkflowFields } from "../workflow/enforce";
import { requireCompanyReferences, type Reference } from "../db/references";
import { Forbidden, Unprocessable } from "../errors";
import { resolveAgentRun } from "../heartbeats/runs";
import type { CreateIssueInput, IssuePriority, IssueStatus, UpdateIssueInput } from "../schemas/issues";
import { requestWakeup } from "../wakeups/request";
import { replaceBlockers } from "./blockers";
import { addCommentInTransaction } from "./comments";
import { lockIssue } from "./find";
import { requireRunOwnership } from "./ownership";
import { afterTransition, planTransition, publishIssueEvent, reopenedStatus, transitionFields, validateTransition } from "./transition";
import { finalizingAmong, holdAction } from "../workspaces/finalizing";

export const PRIORITY_RANK: Record<IssuePriority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

type Links = Pick<CreateIssueInput, "assigneeAgentId" | "assigneeUserId" | "parentId" | "goalId" | "projectId" | "blockedByIssueIds" | "inheritExecutionWorkspaceFromIssueId" | "labelIds" | "executionWorkspaceId" | "executionWorkspaceSettings">;

/** Strategy commands and runtime config in an issue's workspace settings run on the server: company owners only. */
function requireOwnerForWorkspaceCommands(actor: Actor, companyId: string, settings: CreateIssueInput["executionWorkspaceSettings"]) {
  const strategy = settings?.workspaceStrategy;
  const named = { provisionCommand: strategy?.provisionCommand, runtimeProvisionCommand: strategy?.runtimeProvisionCommand, teardownCommand: strategy?.teardownCommand, worktreeParentDir: strategy?.worktreeParentDir, workspaceRuntime: settings?.workspaceRuntime };
  const fields = Object.entries(named).filter(([, value]) => value != null).map(([field]) => `executionWorkspaceSettings.${field}`);
  requireOwnerFor(actor, companyId, fields, "Only company owners can set workspace commands, runtime config or worktree paths on an issue");
  // An environment brings its own variables and PATH: the board picks it, never an agent for itself or a peer.
  if (actor.type === "agent" && settings?.environmentId !== undefined) throw new Forbidden("Only the board sets an issue's environment", "board_required");
}

/** Every id a create or update names must exist in the issue's company (422 naming each field otherwise). */
async function requireLinksInCompany(companyId: string, links: Partial<Links>) {
  if (links.assigneeAgentId && links.assigneeUserId) {
    throw new Unprocessable("Assign an issue to an agent or a user, not both", "assignee_conflict", {
      invalidParams: [
        { name: "assigneeAgentId", reason: "Cannot be set together with assigneeUserId" },
        { name: "assigneeUserId", reason: "Cannot be set together with assigneeAgentId" },
      ],
    });
  }
  const references: Reference[] = [
    { field: "assigneeAgentId", model: "agent", ids: [links.assigneeAgentId] },
    { field: "assigneeUserId", model: "user", ids: [links.assigneeUserId] },
    { field: "goalId", model: "goal", ids: [links.goalId] },
    { field: "projectId", model: "project", ids: [links.projectId] },
    { field: "parentId", model: "issue", ids: [links.parentId] },
    { field: "inheritExecutionWorkspaceFromIssueId", model: "issue", ids: [links.inheritExecutionWorkspaceFromIssueId] },
    { field: "executionWorkspaceId", model: "executionWorkspace", ids: [links.executionWorkspaceId] },
    { field: "blockedByIssueIds", model: "issue", ids: links.blockedByIssueIds ?? [] },
    { field: "labelIds", model: "label", ids: links.labelIds ?? [] },
    { field: "executionWorkspaceSettings.environmentId", model: "environment", ids: [links.executionWorkspaceSettings?.environmentId] },
  ];
  await requireCompanyReferences(companyId, references);
}

async function requireNoParentCycle(tx: Tx, issueId: string, parentId: string) {
  const seen = new Set<string>();
  for (let current: string | null = parentId; current && !seen.has(current); ) {
    if (current === issueId) throw Unprocessable.field("parentId", "An issue cannot be its own ancestor", "parent_cycle");
    seen.add(current);
    current = (await tx.issue.findUnique({ where: { id: current }, select: { parentId: true } }))?.parentId ?? null;
  }
}

async function replaceLabels(tx: Tx, issueId: string, labelIds: string[]) {
  await tx.issueLabel.deleteMany({ where: { issueId } });
  if (labelIds.length) await tx.issueLabel.createMany({ data: [...new Set(labelIds)].map((labelId) => ({ issueId, labelId })), skipDuplicates: true });
}

async function wakeNewAssignee(tx: Tx, actor: Actor, runId: string | null, issue: Issue) {
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
 * Creates an issue with the next identifier of its company. The counter row is locked in the same transaction,
 * so concurrent creates get consecutive numbers and a rolled-back create leaves no gap.
 */
export async function createIssue(actor: Actor, requestRunId: string | null, companyId: string, input: CreateIssueInput): Promise<{ issue: Issue; created: boolean }> {
  requireCompanyAccess(actor, companyId, "act");
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const status: IssueStatus = input.status ?? (input.assigneeAgentId || input.assigneeUserId ? "todo" : "backlog");
  const { record, created } = await createIdempotently(
    input.idempotencyKey,
    () => db.issue.findFirst({ where: { companyId, idempotencyKey: input.idempotencyKey } }),
    async () => {
      await requireLinksInCompany(companyId, input);
      requireOwnerForWorkspaceCommands(actor, companyId, input.executionWorkspaceSettings);
      const policy = await preparePolicy(companyId, input.executionPolicy ?? null);
      return insertIssue(actor, runId, companyId, { ...input, executionPolicy: undefined }, status, policy);
    },
  );
  return { issue: record, created };
}

function insertIssue(actor: Actor, runId: string | null, companyId: string, input: Omit<CreateIssueInput, "executionPolicy"> & { executionPolicy?: undefined }, status: IssueStatus, policy: ExecutionPolicy | null) {
  return db.$transaction(async (tx) => {
    // Read before the counter row is locked, so concurrent creates in the company wait only for the insert.
    const start = await initialWorkflowFields(tx, { companyId, projectId: input.projectId ?? null }, status);
    const [counter] = await tx.$queryRaw<{ issue_counter: number; issue_prefix: string }[]>`
      UPDATE companies SET issue_counter = issue_counter + 1 WHERE id = ${companyId}::uuid RETURNING issue_counter, issue_prefix`;
    const { blockedByIssueIds, labelIds, priority, allowDuplicate: _allowDuplicate, executionPolicy: _policy, executionWorkspaceSettings, ...fields } = input;
    const created = await tx.issue.create({
      data: {
        ...fields,
        ...start,
        executionPolicy: policy ?? Prisma.DbNull,
        executionWorkspaceSettings: (executionWorkspaceSettings as Prisma.InputJsonObject | null | undefined) ?? Prisma.DbNull,
        companyId,
        number: counter.issue_counter,
        identifier: `${counter.issue_prefix}-${counter.issue_counter}`,
        status: "backlog",
        priority: priority ?? "medium",
        priorityRank: PRIORITY_RANK[priority ?? "medium"],
        createdByAgentId: actor.type === "agent" ? actor.agentId : null,
        createdByUserId: actor.type === "board" ? actor.userId : null,
      },
    });
    if (blockedByIssueIds?.length) await replaceBlockers(tx, companyId, created.id, blockedByIssueIds);
    if (labelIds?.length) await replaceLabels(tx, created.id, labelIds);
    await validateTransition(tx, created, status);
    const issue = status === "backlog" ? created : await tx.issue.update({ where: { id: created.id }, data: transitionFields(created, status) });
    await recordActivity(tx, actor, runId, { companyId, action: "issue.created", entityType: "issue", entityId: issue.id, details: { identifier: issue.identifier, title: issue.title, status } });
    await wakeNewAssignee(tx, actor, runId, issue);
    await publishIssueEvent(tx, issue, "issue.created");
    return issue;
  });
}

/** PATCH: field edits, blocker set, status change (through the transition rules) and an optional comment, atomically. */
export async function updateIssue(actor: Actor, requestRunId: string | null, ref: string, input: UpdateIssueInput, options: { settled?: boolean } = {}) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return db.$transaction(async (tx): Promise<{ issue: Issue; workflowPrompts: unknown[]; warnings?: string[]; held?: IssueHeldAction }> => {
    const before = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, before.companyId, "act");
    await requireRunOwnership(tx, before, actor, runId);
    const { comment, blockedByIssueIds, labelIds, priority, reopen, resume: _resume, hiddenAt, status: requestedStatus, executionPolicy, phase, force, executionWorkspaceSettings, ...fields } = input;
    const assigneeAgentId = input.assigneeAgentId !== undefined ? input.assigneeAgentId : input.assigneeUserId ? null : before.assigneeAgentId;
    const assigneeUserId = input.assigneeUserId !== undefined ? input.assigneeUserId : input.assigneeAgentId ? null : before.assigneeUserId;
    await requireLinksInCompany(before.companyId, { ...input, assigneeAgentId, assigneeUserId });
    requireOwnerForWorkspaceCommands(actor, before.companyId, input.executionWorkspaceSettings);
    const execution = await planIssueUpdate(actor, before, { executionPolicy, comment }, {
      status: requestedStatus ?? reopenedStatus(before.status, reopen),
      assignee: assigneePrincipal({ assigneeAgentId, assigneeUserId }),
    });
    const status = execution.status;
    // Approving a review stage waits for the issue's workspace to finish finalizing; nothing else of the PATCH is written yet.
    const finalizing = execution.plan?.decision?.outcome === "approved" && !options.settled ? await finalizingAmong(tx, [before.executionWorkspaceId]) : [];
    if (finalizing.length) {
      if (input.parentId) await requireNoParentCycle(tx, before.id, input.parentId);
      // A repeated approval while one waits is the same hold, not a second approval (which could pass the next stage).
      const who = actor.type === "agent" ? actor.agentId : actor.userId;
      const waiting = await tx.issueHeldAction.findFirst({ where: { issueId: before.id, kind: "issue_update", status: "waiting", actorId: who } });
      const held = waiting ?? (await holdAction(tx, { issue: before, kind: "issue_update", workspaceIds: finalizing.map((workspace) => workspace.id), payload: { input } as Prisma.InputJsonObject, actor, runId }));
      return { issue: before, workflowPrompts: [], held };
    }
    if (input.parentId) await requireNoParentCycle(tx, before.id, input.parentId);
    if (blockedByIssueIds) await replaceBlockers(tx, before.companyId, before.id, blockedByIssueIds);
    if (labelIds) await replaceLabels(tx, before.id, labelIds);

    const data: Prisma.IssueUncheckedUpdateInput = { ...fields, assigneeAgentId, assigneeUserId, ...execution.data };
    if (hiddenAt !== undefined) data.hiddenAt = hiddenAt ? new Date(hiddenAt) : null;
    if (executionWorkspaceSettings !== undefined) data.executionWorkspaceSettings = (executionWorkspaceSettings as Prisma.InputJsonObject | null) ?? Prisma.DbNull;
    if (priority) Object.assign(data, { priority, priorityRank: PRIORITY_RANK[priority] });
    const workflow = await planTransition(tx, before, { status, phase, force });
    Object.assign(data, workflow.fields);
    // A new assignee starts fresh: the previous holder's locks do not carry over.
    if (data.assigneeAgentId !== before.assigneeAgentId) Object.assign(data, { checkoutRunId: null, executionRunId: null });
    const issue = await tx.issue.update({ where: { id: before.id }, data });

    const changed = Object.keys(input).filter((key) => key !== "comment");
    if (changed.length) {
      await recordActivity(tx, actor, runId, { companyId: issue.companyId, action: "issue.updated", entityType: "issue", entityId: issue.id, details: { identifier: issue.identifier, fields: changed } });
    }
    await afterTransition(tx, actor, runId, before, issue);
    const assignmentChanged = issue.assigneeAgentId !== before.assigneeAgentId;
    const leftBacklog = before.status === "backlog" && issue.status !== "backlog";
    // A stage hand-off wakes its participant with the stage's own reason instead of a plain assignment.
    if ((assignmentChanged || leftBacklog) && !execution.plan?.wake) await wakeNewAssignee(tx, actor, runId, issue);
    // A stage decision wakes the executor with its own reason and the comment; the comment need not wake them again.
    const stageWake = execution.plan?.wake?.principal.type === "agent" ? execution.plan.wake.principal.agentId : null;
    const added = comment ? await addCommentInTransaction(tx, actor, runId, issue, comment, { alreadyWoken: stageWake }) : null;
    if (execution.plan) await recordExecutionOutcome(tx, actor, runId, issue, execution.plan, added);
    if (workflow.forcedGates.length) {
      await recordActivity(tx, actor, runId, { companyId: issue.companyId, action: "issue.gate_forced", entityType: "issue", entityId: issue.id, details: { identifier: issue.identifier, gates: workflow.forcedGates } });
    }
    await publishIssueEvent(tx, issue, "issue.updated");
    return { issue, workflowPrompts: workflow.prompts, warnings: workflow.warnings };
  });
}

export async function deleteIssue(actor: Actor, ref: string) {
  return db.$transaction(async (tx) => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    await tx.issue.delete({ where: { id: issue.id } });
    await recordActivity(tx, actor, null, { companyId: issue.companyId, action: "issue.deleted", entityType: "issue", entityId: issue.id, details: { identifier: issue.identifier, title: issue.title } });
    await publishIssueEvent(tx, issue, "issue.deleted");
    return { ok: true as const };
  });
}
