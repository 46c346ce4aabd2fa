import "server-only";
import type { z } from "zod";
import { listIssueActivity } from "../activity/list";
import type { Issue } from "../db/generated/client";
import { checkoutIssue } from "../issues/checkout";
import { findIssue } from "../issues/find";
import { linkIssues, unlinkIssues, type LinkType } from "../issues/links";
import { createIssue, updateIssue } from "../issues/mutations";
import { getIssueDetail, listIssues } from "../issues/queries";
import { serializeIssue, serializeIssueChange } from "../issues/serialize";
import type { IssueStatus, ListIssuesQuery, UpdateIssueInput } from "../schemas/issues";
import type {
  claimInput,
  createTaskInput,
  createTreeInput,
  getTaskInput,
  linkInput,
  listTasksInput,
  searchInput,
  taskHistoryInput,
  unlinkInput,
  updateTaskInput,
} from "../schemas/mcp";
import { isUuid } from "../schemas/agents";
import { addAttachment, listAttachments } from "../workflow/attachments";
import { cachedWorkflowFor, workflowFor } from "../workflow/workflows";
import { PartialFailure, companyFor, invalidArgument, listOf, priorityOf, projectIn, statusOf, type McpContext } from "./context";

// The task tools: each resolves Task Graph's parameters to ours and calls one domain function; no rule is checked here.

type Args<S extends z.ZodType> = z.output<S>;

/** What a list shows of a task; `get` has the rest. */
export function taskSummary(issue: ReturnType<typeof serializeIssue>) {
  const { id, identifier, title, status, workflowState, phase, priority, assigneeAgentId, assigneeUserId, parentId, projectId, updatedAt } = issue;
  return { id, identifier, title, status, workflowState, phase, priority, assigneeAgentId, assigneeUserId, parentId, projectId, updatedAt };
}

/** Where a company-wide tool reads state names: the `project`'s workflow when named (in the company, else 404), else the company's. */
async function scopeOf(actor: McpContext["actor"], args: { company?: string; project?: string }) {
  const companyId = await companyFor(actor, args.company);
  const projectId = await projectIn(actor, companyId, args.project);
  return { companyId, projectId, workflow: () => workflowFor({ companyId, projectId }) };
}

export async function listTasks({ actor }: McpContext, args: Args<typeof listTasksInput>) {
  const { companyId, projectId, workflow: workflowInForce } = await scopeOf(actor, args);
  const query: ListIssuesQuery = {
    limit: args.limit ?? 50,
    cursor: args.cursor,
    ready: args.ready,
    blocked: args.blocked,
    claimed: args.claimed,
    projectId: projectId ?? undefined,
  };
  if (args.status) {
    const workflow = await workflowInForce();
    query.status = [...new Set(listOf(args.status).map((name) => statusOf(workflow, name)))];
  }
  if (args.owner === "me") {
    if (actor.type === "agent") query.assigneeAgentId = actor.agentId;
    else query.assigneeUserId = "me";
  } else if (args.owner) {
    if (!isUuid(args.owner)) throw invalidArgument("owner", "`me` or an agent id");
    query.assigneeAgentId = args.owner;
  }
  if (args.parent === "null") query.parentId = "none";
  else if (args.parent) query.parentId = (await findIssue(actor, args.parent)).id;
  const { issues, nextCursor } = await listIssues(actor, companyId, query);
  return { tasks: issues.map(taskSummary), count: issues.length, nextCursor };
}

export async function getTask({ actor }: McpContext, args: Args<typeof getTaskInput>) {
  const [detail, attachments] = await Promise.all([getIssueDetail(actor, args.task), listAttachments(actor, args.task)]);
  return {
    ...detail,
    attachments: attachments.map(({ id, type, mime, sizeBytes, createdAt }) => ({ id, type, mime, sizeBytes, createdAt: createdAt.toISOString() })),
  };
}

/** Task Graph takes a missing title from the description. */
function titleFrom(title: string | undefined, description: string | undefined): string {
  const fallback = description?.trim().split("\n")[0]?.slice(0, 80).trim();
  if (title) return title;
  if (fallback) return fallback;
  throw invalidArgument("title", "Give a title or a description");
}

export async function createTask(context: McpContext, args: Args<typeof createTaskInput>) {
  const { actor, runId } = context;
  const { companyId, projectId, workflow: workflowInForce } = await scopeOf(actor, args);
  const workflow = await workflowInForce();
  const [parent, blockers] = await Promise.all([
    args.parent ? findIssue(actor, args.parent) : null,
    Promise.all((args.blocked_by ?? []).map((ref) => findIssue(actor, ref))),
  ]);
  const { issue } = await createIssue(actor, runId, companyId, {
    title: titleFrom(args.title, args.description),
    description: args.description,
    projectId: projectId ?? undefined,
    parentId: parent?.id,
    priority: priorityOf(args.priority),
    // Task Graph's tasks start in the workflow's initial state; with an assignee and no status, REST's default (todo) applies.
    status: args.status ? statusOf(workflow, args.status) : args.assignee ? undefined : statusOf(workflow, workflow.initialState),
    assigneeAgentId: args.assignee,
    blockedByIssueIds: blockers.length ? blockers.map((blocker) => blocker.id) : undefined,
  });
  if (!args.phase) return serializeIssue(issue);
  // createIssue takes no phase: it is a second write, and if that fails the task exists, so the error says which.
  try {
    return serializeIssueChange(await updateIssue(actor, runId, issue.id, { phase: args.phase }));
  } catch (error) {
    throw new PartialFailure(error, { created: { id: issue.id, identifier: issue.identifier, title: issue.title } });
  }
}

type TreeNode = Args<typeof createTreeInput>["tree"];

/**
 * Creates the tree depth first, one createIssue per node. The first failure stops it: the error names the node's path
 * and the ids created so far.
 */
export async function createTree(context: McpContext, args: Args<typeof createTreeInput>) {
  const { actor, runId } = context;
  const companyId = await companyFor(actor, args.company);
  const root = args.parent ? await findIssue(actor, args.parent) : null;
  const linkChildren = args.child_type !== null;
  const created: { id: string; identifier: string; title: string; path: string }[] = [];
  const make = async (node: TreeNode, path: string, parentId: string | undefined, after: string | undefined): Promise<string> => {
    let issue: Issue;
    try {
      ({ issue } = await createIssue(actor, runId, companyId, {
        title: node.title,
        description: node.description,
        priority: priorityOf(node.priority),
        parentId,
        blockedByIssueIds: after ? [after] : undefined,
      }));
    } catch (error) {
      throw new PartialFailure(error, { failedAt: path, created });
    }
    created.push({ id: issue.id, identifier: issue.identifier, title: issue.title, path });
    let previous: string | undefined;
    for (const [index, child] of (node.children ?? []).entries()) {
      const childId = await make(
        child,
        `${path}.children[${index}]`,
        linkChildren ? issue.id : undefined,
        args.sibling_type === "follows" ? previous : undefined,
      );
      previous = childId;
    }
    return issue.id;
  };
  await make(args.tree, "tree", root?.id, undefined);
  return { root: created[0], created, count: created.length };
}

/** Checkout as the calling agent (board callers name the agent): from backlog, todo or blocked into work. */
export async function claimTask({ actor, runId }: McpContext, args: Args<typeof claimInput>) {
  const agentId = actor.type === "agent" ? actor.agentId : args.agent;
  if (!agentId) throw invalidArgument("agent", "Board callers name the agent to claim for");
  const result = await checkoutIssue(actor, runId, args.task, { agentId, expectedStatuses: ["backlog", "todo", "blocked"] });
  return { success: true, ...serializeIssueChange(result) };
}

const RELEASING_STATUSES: readonly IssueStatus[] = ["backlog", "todo"];

/**
 * Attachments first (so the gates of the state or phase being left see them), then one PATCH; a failure after some
 * were added names them. A workflow state name (of the task's project's workflow) moves to that state; moving one's
 * own task to a backlog or todo state also clears its assignee, as Task Graph's untimed states release a claim (REST's
 * POST /release; a REST PATCH keeps the assignee).
 */
export async function updateTask({ actor, runId }: McpContext, args: Args<typeof updateTaskInput>) {
  const issue = await findIssue(actor, args.task);
  const input: UpdateIssueInput = {};
  if (args.status) {
    const workflow = await cachedWorkflowFor({ companyId: issue.companyId, projectId: issue.projectId });
    const status = statusOf(workflow, args.status);
    if (workflow.states[args.status]) input.workflowState = args.status;
    else input.status = status;
    const releasing = RELEASING_STATUSES.includes(status) && actor.type === "agent" && issue.assigneeAgentId === actor.agentId;
    if (releasing && args.assignee === undefined) input.assigneeAgentId = null;
  }
  if (args.phase !== undefined) input.phase = args.phase;
  if (args.title !== undefined) input.title = args.title;
  if (args.description !== undefined) input.description = args.description;
  if (args.priority !== undefined) input.priority = priorityOf(args.priority);
  if (args.assignee !== undefined) input.assigneeAgentId = args.assignee;
  if (args.force !== undefined) input.force = args.force;
  const comment = [args.reason, args.comment].filter(Boolean).join("\n\n");
  if (comment) input.comment = comment;
  const attachmentsAdded: { id: string; type: string; mime: string }[] = [];
  const warnings: string[] = [];
  let change;
  try {
    for (const item of args.attachments ?? []) {
      const added = await addAttachment(actor, runId, issue.id, item);
      attachmentsAdded.push({ id: added.attachment.id, type: added.attachment.type, mime: added.attachment.mime });
      warnings.push(...added.warnings);
    }
    change = await updateIssue(actor, runId, issue.id, input);
  } catch (error) {
    // The attachments added stay (gates read them): a retry should not add them again.
    throw attachmentsAdded.length ? new PartialFailure(error, { attachmentsAdded }) : error;
  }
  const result = serializeIssueChange({ ...change, warnings: [...warnings, ...change.warnings] });
  return { ...result, ...(attachmentsAdded.length ? { attachmentsAdded } : {}), ...(change.held ? { heldActionId: change.held.id } : {}) };
}

export async function linkTasks({ actor, runId }: McpContext, args: Args<typeof linkInput>) {
  const type: LinkType = args.type ?? "blocks";
  const { created, errors } = await linkIssues(actor, runId, { from: listOf(args.from), to: listOf(args.to), type });
  return { success: errors.length === 0, created, errors, type };
}

export async function unlinkTasks({ actor, runId }: McpContext, args: Args<typeof unlinkInput>) {
  const type: LinkType = args.type ?? "blocks";
  const side = (value: string | string[]) => (value === "*" ? "*" : listOf(value));
  const { removed, errors } = await unlinkIssues(actor, runId, { from: side(args.from), to: side(args.to), type });
  return { success: errors.length === 0, removed, removedCount: removed.length, errors, type };
}

export async function searchTasks({ actor }: McpContext, args: Args<typeof searchInput>) {
  const { companyId, projectId, workflow } = await scopeOf(actor, args);
  const status = args.status_filter ? [statusOf(await workflow(), args.status_filter, "status_filter")] : undefined;
  const { issues } = await listIssues(actor, companyId, { q: args.query, limit: args.limit ?? 20, status, projectId: projectId ?? undefined });
  return { query: args.query, resultCount: issues.length, results: issues.map(taskSummary) };
}

const MOVES = new Set(["issue.created", "issue.status_changed", "issue.checked_out"]);

/** Status changes from the activity log (who, when, from, to, how long until the next), and time per state from the issue. */
export async function taskHistory({ actor }: McpContext, args: Args<typeof taskHistoryInput>) {
  const issue = await findIssue(actor, args.task);
  const workflow = await cachedWorkflowFor({ companyId: issue.companyId, projectId: issue.projectId });
  const only = args.states ? new Set(args.states.map((name) => statusOf(workflow, name, "states"))) : null;
  const rows = (await listIssueActivity(actor, issue.id)).filter((row) => MOVES.has(row.action));
  const moves = rows.map((row, index) => {
    const details = row.details as { from?: string; to?: string; status?: string };
    return {
      action: row.action,
      from: details.from ?? null,
      to: details.to ?? details.status ?? null,
      actorType: row.actorType,
      actorId: row.actorId,
      agentId: row.agentId,
      runId: row.runId,
      at: row.createdAt.toISOString(),
      until: rows[index + 1]?.createdAt.toISOString() ?? null,
    };
  });
  return {
    task: { id: issue.id, identifier: issue.identifier, status: issue.status, workflowState: issue.workflowState, phase: issue.phase },
    history: only ? moves.filter((move) => (move.from && only.has(move.from as IssueStatus)) || (move.to && only.has(move.to as IssueStatus))) : moves,
    currentDurationMs: issue.stateEnteredAt ? Date.now() - issue.stateEnteredAt.getTime() : null,
    timePerStateMs: issue.stateTimeMs as Record<string, number>,
    timeActualMs: Number(issue.timeActualMs),
  };
}
