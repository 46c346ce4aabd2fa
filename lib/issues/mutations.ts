import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess, requireOwnerFor } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { createIdempotently } from "../db/idempotency";
import { Prisma, type Issue } from "../db/generated/client";
import { requireCompanyReferences, type Reference } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { Forbidden, Unprocessable } from "../errors";
import { releaseMarks } from "../marks/marks";
import { publishIssueEvent } from "../events/publish";
import { preparePolicy } from "../execution-policy/apply";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import type { CreateIssueInput, IssuePriority, IssueStatus, UpdateIssueInput } from "../schemas/issues";
import { initialWorkflowFields } from "../workflow/enforce";
import { lockIssue } from "./find";
import { writeToIssue } from "./queue";
import { ISSUE_WRITER_ERRORS, requireIssueWriter, type WriteIntent } from "./ownership";
import { TRANSITION_ISSUE_ERRORS, reopenedStatus, transitionIssue } from "./transition";

export const PRIORITY_RANK: Record<IssuePriority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

type Links = Pick<
  CreateIssueInput,
  | "assigneeAgentId"
  | "assigneeUserId"
  | "parentId"
  | "goalId"
  | "projectId"
  | "blockedByIssueIds"
  | "inheritExecutionWorkspaceFromIssueId"
  | "labelIds"
  | "executionWorkspaceId"
  | "executionWorkspaceSettings"
>;

/** What requireLinksInCompany and requireOwnerForWorkspaceCommands refuse, on a create and an update alike. */
const ISSUE_INPUT_ERRORS = ["assignee_conflict", "invalid_reference", "owner_required", "board_required"] as const satisfies readonly ErrorCode[];

/** Strategy commands and runtime config in an issue's workspace settings run on the server: company owners only. */
function requireOwnerForWorkspaceCommands(actor: Actor, companyId: string, settings: CreateIssueInput["executionWorkspaceSettings"]) {
  const strategy = settings?.workspaceStrategy;
  const named = {
    provisionCommand: strategy?.provisionCommand,
    runtimeProvisionCommand: strategy?.runtimeProvisionCommand,
    teardownCommand: strategy?.teardownCommand,
    worktreeParentDir: strategy?.worktreeParentDir,
    workspaceRuntime: settings?.workspaceRuntime,
  };
  const fields = Object.entries(named)
    .filter(([, value]) => value != null)
    .map(([field]) => `executionWorkspaceSettings.${field}`);
  requireOwnerFor(actor, companyId, fields, "Only company owners can set workspace commands, runtime config or worktree paths on an issue");
  // An environment brings its own variables and PATH: the board picks it, never an agent for itself or a peer.
  if (actor.type === "agent" && settings?.environmentId !== undefined) throw new Forbidden("Only the board sets an issue's environment", "board_required");
}

/** Every id a create or update names must exist in the issue's company (422 naming each field otherwise). */
async function requireLinksInCompany(companyId: string, links: Partial<Links>, client: Tx | typeof db = db) {
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
  await requireCompanyReferences(companyId, references, client);
}

async function requireNoParentCycle(tx: Tx, issueId: string, parentId: string) {
  const seen = new Set<string>();
  for (let current: string | null = parentId; current && !seen.has(current);) {
    if (current === issueId) throw Unprocessable.field("parentId", "An issue cannot be its own ancestor", "parent_cycle");
    seen.add(current);
    current = (await tx.issue.findUnique({ where: { id: current }, select: { parentId: true } }))?.parentId ?? null;
  }
}

export const CREATE_ISSUE_ERRORS = [
  ...COMPANY_ACCESS_ERRORS,
  ...AGENT_RUN_ERRORS,
  ...ISSUE_INPUT_ERRORS,
  ...TRANSITION_ISSUE_ERRORS,
] as const satisfies readonly ErrorCode[];

/**
 * Creates an issue with the next identifier of its company. The counter row is locked in the same transaction,
 * so concurrent creates get consecutive numbers and a rolled-back create leaves no gap.
 */
export async function createIssue(
  actor: Actor,
  requestRunId: string | null,
  companyId: string,
  input: CreateIssueInput,
): Promise<{ issue: Issue; created: boolean }> {
  requireCompanyAccess(actor, companyId, "act");
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const { record, created } = await createIdempotently(
    input.idempotencyKey,
    () => db.issue.findFirst({ where: { companyId, idempotencyKey: input.idempotencyKey } }),
    () => db.$transaction((tx) => createIssueInTransaction(tx, actor, runId, companyId, input)),
  );
  return { issue: record, created };
}

/** Where an issue came from: "manual" for a person's or agent's create; a routine's fire names the routine and its run. */
export type IssueOrigin = { originKind: "manual" | "routine_execution"; originId: string | null; originRunId: string | null };
const MANUAL_ORIGIN: IssueOrigin = { originKind: "manual", originId: null, originRunId: null };

/**
 * The create path inside a caller's transaction, for issues that exist only together with another change (the
 * children of an accepted suggest_tasks, a routine's run): the same checks, workflow, policy and wakes as createIssue.
 * The actor is null only for the system's own creates (a scheduled or webhook routine fire; activity says "system").
 */
export async function createIssueInTransaction(
  tx: Tx,
  actor: Actor | null,
  runId: string | null,
  companyId: string,
  input: CreateIssueInput,
  origin: IssueOrigin = MANUAL_ORIGIN,
): Promise<Issue> {
  if (actor) requireCompanyAccess(actor, companyId, "act");
  const status: IssueStatus = input.status ?? (input.assigneeAgentId || input.assigneeUserId ? "todo" : "backlog");
  await requireLinksInCompany(companyId, input, tx);
  if (actor) requireOwnerForWorkspaceCommands(actor, companyId, input.executionWorkspaceSettings);
  const policy = await preparePolicy(companyId, input.executionPolicy ?? null, tx);
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
      createdByAgentId: actor?.type === "agent" ? actor.agentId : null,
      createdByUserId: actor?.type === "board" ? actor.userId : null,
      ...origin,
    },
  });
  // The new issue enters its state directly: the same pipeline as any change decides the rest (a review policy
  // routes an issue created as done to its first stage; blockers keep it from starting in progress).
  const { issue } = await transitionIssue(tx, actor, runId, created, {
    via: "create",
    status,
    blockedByIssueIds: blockedByIssueIds?.length ? blockedByIssueIds : undefined,
    labelIds: labelIds?.length ? labelIds : undefined,
    activity: (issue) => ({ action: "issue.created", details: { identifier: issue.identifier, title: issue.title, status: issue.status } }),
    event: "issue.created",
  });
  return issue;
}

export const UPDATE_ISSUE_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  ...ISSUE_INPUT_ERRORS,
  "parent_cycle",
  ...TRANSITION_ISSUE_ERRORS,
] as const satisfies readonly ErrorCode[];

/**
 * The fields a PATCH would change. A comment is not a change, nor are the compatibility fields Paperclip's CLI sends
 * with one (`resume`, a `reopen` of an open issue) or a status equal to the current one.
 */
function changedFields(before: Issue, input: UpdateIssueInput) {
  return Object.keys(input).filter((key) => {
    if (key === "comment" || key === "resume") return false;
    if (key === "reopen") return reopenedStatus(before.status, input.reopen) !== undefined;
    if (key === "status") return input.status !== before.status;
    if (key === "workflowState") return input.workflowState !== before.workflowState;
    return true;
  });
}

/** The previous and new title and description of an edit, so the activity keeps every revision of the issue's text. */
function textRevisions(before: Issue, input: UpdateIssueInput) {
  const revisions: { title?: { from: string; to: string }; description?: { from: string | null; to: string | null } } = {};
  if (input.title !== undefined && input.title !== before.title) revisions.title = { from: before.title, to: input.title };
  if (input.description !== undefined && input.description !== before.description)
    revisions.description = { from: before.description, to: input.description ?? null };
  return revisions;
}

/** A PATCH that only moves the status may be a review decision; anything more is a change to the issue. */
const writeIntent = (changed: string[]): WriteIntent => (changed.length === 0 ? "comment" : changed.every((key) => key === "status") ? "decision" : "change");

/** PATCH: field edits, blocker set, status change and an optional comment, in one pass through transitionIssue(). */
export async function updateIssue(actor: Actor, requestRunId: string | null, ref: string, input: UpdateIssueInput, options: { settled?: boolean } = {}) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return writeToIssue(actor, ref, async (tx, before) => {
    const {
      comment,
      blockedByIssueIds,
      labelIds,
      priority,
      reopen,
      resume: _resume,
      hiddenAt,
      status,
      executionPolicy,
      phase,
      workflowState,
      force,
      executionWorkspaceSettings,
      ...fields
    } = input;
    const changed = changedFields(before, input);
    await requireIssueWriter(tx, before, actor, runId, writeIntent(changed));
    const assigneeAgentId = input.assigneeAgentId !== undefined ? input.assigneeAgentId : input.assigneeUserId ? null : before.assigneeAgentId;
    const assigneeUserId = input.assigneeUserId !== undefined ? input.assigneeUserId : input.assigneeAgentId ? null : before.assigneeUserId;
    await requireLinksInCompany(before.companyId, { ...input, assigneeAgentId, assigneeUserId }, tx);
    requireOwnerForWorkspaceCommands(actor, before.companyId, input.executionWorkspaceSettings);
    if (input.parentId) await requireNoParentCycle(tx, before.id, input.parentId);

    const data: Prisma.IssueUncheckedUpdateInput = { ...fields };
    if (hiddenAt !== undefined) data.hiddenAt = hiddenAt ? new Date(hiddenAt) : null;
    if (executionWorkspaceSettings !== undefined)
      data.executionWorkspaceSettings = (executionWorkspaceSettings as Prisma.InputJsonObject | null) ?? Prisma.DbNull;
    if (priority) Object.assign(data, { priority, priorityRank: PRIORITY_RANK[priority] });
    return transitionIssue(tx, actor, runId, before, {
      via: "update",
      status,
      reopen,
      state: workflowState,
      phase,
      force,
      executionPolicy,
      comment,
      assignee: { agentId: assigneeAgentId, userId: assigneeUserId },
      fields: data,
      blockedByIssueIds,
      labelIds,
      settled: options.settled,
      heldPayload: { input } as Prisma.InputJsonObject,
      activity: changed.length
        ? () => ({ action: "issue.updated", details: { identifier: before.identifier, fields: changed, ...textRevisions(before, input) } })
        : undefined,
      event: "issue.updated",
    });
  });
}

export const ADD_COMMENT_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  ...TRANSITION_ISSUE_ERRORS,
] as const satisfies readonly ErrorCode[];

/** A comment, optionally reopening a closed issue: the reopen is a change like any other (exits, gates, review reset). */
export async function addComment(actor: Actor, requestRunId: string | null, ref: string, input: { body: string; reopen?: boolean }) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return writeToIssue(actor, ref, async (tx, issue) => {
    await requireIssueWriter(tx, issue, actor, runId, "comment");
    const reopening = reopenedStatus(issue.status, input.reopen) !== undefined;
    const { comment } = await transitionIssue(tx, actor, runId, issue, {
      via: "comment",
      reopen: input.reopen,
      comment: input.body,
      event: reopening ? "issue.updated" : undefined,
    });
    return comment!;
  });
}

export async function deleteIssue(actor: Actor, ref: string) {
  return db.$transaction(async (tx) => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    // Released, not cascaded: mark_updates readers and the board hear the marks go.
    await releaseMarks(tx, { issueId: issue.id }, "task deleted");
    await tx.issue.delete({ where: { id: issue.id } });
    await recordActivity(tx, actor, null, {
      companyId: issue.companyId,
      action: "issue.deleted",
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, title: issue.title },
    });
    await publishIssueEvent(tx, issue, "issue.deleted");
    return { ok: true as const };
  });
}
