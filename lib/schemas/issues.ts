import { z } from "zod";
import { executionPolicyInput } from "../execution-policy/types";
import { booleanFlag, csvOf, isoDateTime, nonEmptyText } from "./common";
import { gitRef, WORKSPACE_MODES } from "./workspaces";
import { ISSUE_PRIORITIES, ISSUE_SORTS, ISSUE_STATUSES, ISSUE_WORK_MODES, TERMINAL_STATUSES, type IssuePriority, type IssueStatus } from "./values";

export { ISSUE_PRIORITIES, ISSUE_STATUSES, ISSUE_WORK_MODES, TERMINAL_STATUSES, type IssuePriority, type IssueStatus };

const status = z.enum(ISSUE_STATUSES);
const priority = z.enum(ISSUE_PRIORITIES);
const optionalUuid = z.uuid().nullable().optional();

/** `:id` on issue routes: a UUID or an identifier such as ENG-12. */
export const issueRef = z
  .string()
  .max(64)
  .regex(/^([0-9a-fA-F-]{36}|[A-Za-z][A-Za-z0-9]{0,9}-\d{1,9})$/, { error: "An issue id (UUID) or identifier such as ENG-12" })
  .describe("Issue id (UUID) or identifier such as ENG-12");
export const issueParams = z.strictObject({ id: issueRef });
export const commentParams = z.strictObject({ id: issueRef, commentId: z.uuid() });

/** How this issue's runs get a workspace; the strategy's commands run on the server, so only owners may set them. */
const executionWorkspaceSettings = z.strictObject({
  mode: z.enum(WORKSPACE_MODES).optional(),
  sharedWorkspaceConcurrency: z.enum(["auto", "serialize", "allow"]).optional(),
  environmentId: z.uuid().nullable().optional(),
  workspaceStrategy: z
    .strictObject({
      type: z.enum(["project_primary", "git_worktree", "adapter_managed", "cloud_sandbox"]).optional(),
      baseRef: gitRef.nullable().optional(),
      branchTemplate: z.string().max(500).nullable().optional(),
      existingBranch: gitRef.nullable().optional(),
      worktreeParentDir: z.string().max(1_000).nullable().optional(),
      provisionCommand: z.string().max(4_000).nullable().optional(),
      runtimeProvisionCommand: z.string().max(4_000).nullable().optional(),
      teardownCommand: z.string().max(4_000).nullable().optional(),
    })
    .nullable()
    .optional(),
  workspaceRuntime: z.record(z.string(), z.unknown()).nullable().optional(),
  networkEgress: z.looseObject({}).nullable().optional(),
});

const issueFields = {
  title: nonEmptyText.max(500),
  description: z.string().max(200_000).nullable(),
  status,
  priority,
  assigneeAgentId: optionalUuid,
  assigneeUserId: optionalUuid,
  parentId: optionalUuid,
  goalId: optionalUuid,
  projectId: optionalUuid,
  billingCode: z.string().max(120).nullable(),
  blockedByIssueIds: z.array(z.uuid()).max(100).describe("Replaces the blocker set; [] clears it"),
  inheritExecutionWorkspaceFromIssueId: optionalUuid.describe("Reuse that issue's execution workspace"),
  executionWorkspaceId: optionalUuid.describe("Pin the issue to this execution workspace"),
  executionWorkspacePreference: z.enum(WORKSPACE_MODES).nullable().optional(),
  executionWorkspaceSettings: executionWorkspaceSettings.nullable().optional(),
  labelIds: z.array(z.uuid()).max(50),
  workMode: z.enum(ISSUE_WORK_MODES).describe("How the assignee should treat the issue (Paperclip's work modes)"),
  requestDepth: z.int().min(0).max(1000).describe("How many delegation hops deep this request is"),
  executionPolicy: executionPolicyInput.nullable(),
};

export const createIssueBody = z.strictObject({
  ...issueFields,
  description: issueFields.description.optional(),
  status: status.optional().describe("Defaults to todo when assigned, else backlog"),
  priority: priority.optional(),
  billingCode: issueFields.billingCode.optional(),
  blockedByIssueIds: issueFields.blockedByIssueIds.optional(),
  labelIds: issueFields.labelIds.optional(),
  workMode: issueFields.workMode.optional(),
  requestDepth: issueFields.requestDepth.optional(),
  executionPolicy: issueFields.executionPolicy.optional(),
  idempotencyKey: z.string().trim().min(1).max(255).nullable().optional().describe("Retrying with the same key returns the first issue (200)"),
  allowDuplicate: z
    .boolean()
    .optional()
    .describe("Accepted from Paperclip clients; Switchboard never merges issues by title, so duplicates are always allowed"),
});

export const updateIssueBody = z.strictObject({
  title: issueFields.title.optional(),
  description: issueFields.description.optional(),
  status: status.optional(),
  priority: priority.optional(),
  assigneeAgentId: issueFields.assigneeAgentId,
  assigneeUserId: issueFields.assigneeUserId,
  parentId: issueFields.parentId,
  goalId: issueFields.goalId,
  projectId: issueFields.projectId,
  billingCode: issueFields.billingCode.optional(),
  blockedByIssueIds: issueFields.blockedByIssueIds.optional(),
  inheritExecutionWorkspaceFromIssueId: issueFields.inheritExecutionWorkspaceFromIssueId,
  executionWorkspaceId: issueFields.executionWorkspaceId,
  executionWorkspacePreference: issueFields.executionWorkspacePreference,
  executionWorkspaceSettings: issueFields.executionWorkspaceSettings,
  labelIds: issueFields.labelIds.optional(),
  workMode: issueFields.workMode.optional(),
  requestDepth: issueFields.requestDepth.optional(),
  executionPolicy: issueFields.executionPolicy.optional().describe("Board only on update; null removes it (an issue in review returns to its executor)"),
  phase: z.string().trim().min(1).max(64).nullable().optional().describe("Workflow phase (explore, implement, review, …); null clears it"),
  workflowState: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("A workflow state to move to by name (e.g. assigned); it must be an exit of the current state, and its status follows"),
  force: z.boolean().optional().describe("Pass workflow gates whose enforcement is warn (recorded in activity); reject gates still refuse"),
  hiddenAt: isoDateTime.nullable().optional().describe("Hide from inboxes from this time; null shows it again"),
  comment: z.string().trim().min(1).max(100_000).optional().describe("Added as a comment in the same transaction"),
  reopen: z.boolean().optional().describe("With no status: reopen a done or cancelled issue (back to todo)"),
  resume: z.boolean().optional().describe("Accepted from Paperclip clients; comments by others always wake the assignee"),
});

export const checkoutBody = z.strictObject({
  agentId: z.uuid().describe("Must be the calling agent"),
  expectedStatuses: z.array(status).min(1).describe("Statuses the caller expects the issue to be in"),
});

export const listIssuesQuery = z.strictObject({
  status: csvOf(ISSUE_STATUSES).optional().describe("Comma-separated statuses"),
  assigneeAgentId: z.uuid().optional(),
  assigneeUserId: z
    .union([z.uuid(), z.literal("me")])
    .optional()
    .describe("A user id, or `me` for the calling board user"),
  projectId: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .describe("A project id, or `none` for issues in no project"),
  priority: csvOf(ISSUE_PRIORITIES).optional().describe("Comma-separated priorities (critical,high,medium,low)"),
  parentId: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .describe("A parent issue id, or `none` for top-level issues"),
  goalId: z.uuid().optional(),
  labelId: z.uuid().optional(),
  ready: booleanFlag.optional().describe("true: todo, no unresolved blocker, and assigned to nobody or to the caller; false: every other issue"),
  blocked: booleanFlag.optional().describe("true: open (not done or cancelled) with at least one unresolved blocker; false: every other issue"),
  claimed: booleanFlag.optional().describe("true: in progress and held by an agent; false: every other issue"),
  q: z.string().trim().min(1).max(200).optional().describe("Full-text search over identifier, title, description and comments"),
  view: z.enum(["compact"]).optional(),
  sort: z
    .enum(ISSUE_SORTS)
    .optional()
    .describe("priority (default: critical first, then most recently updated), updated, created, title or identifier (by number)"),
  direction: z
    .enum(["asc", "desc"])
    .optional()
    .describe("Defaults per sort: priority asc (critical→low), updated and created desc (newest first), title asc (A→Z), identifier desc"),
  limit: z.coerce.number().int().min(1).max(500).optional().describe("Page size (default 200, at most 500)"),
  cursor: z.string().max(5000).optional().describe("From the previous page's X-Next-Cursor header, with the same sort and direction"),
});

export const createCommentBody = z.strictObject({
  body: z.string().trim().min(1, { error: "A comment needs text" }).max(100_000),
  reopen: z.boolean().optional().describe("Reopen a done or cancelled issue (back to todo)"),
  resume: z.boolean().optional().describe("Accepted from Paperclip clients; comments by others always wake the assignee"),
  clientRequestId: z.uuid().optional(),
});

export const listCommentsQuery = z.strictObject({
  after: z.string().max(64).optional().describe("A comment id or ISO time: a cursor in the listing's order (asc: later comments, desc: earlier)"),
  afterCommentId: z.uuid().optional().describe("Paperclip's name for `after` with a comment id"),
  order: z.enum(["asc", "desc"]).optional().describe("desc (newest first, Paperclip's default) unless asc"),
  limit: z.coerce.number().int().min(1).max(500).optional().describe("At most 500, which is also what a list without a limit returns at most"),
});

export const heartbeatContextQuery = z.strictObject({ wakeCommentId: z.uuid().optional() });

export type CreateIssueInput = z.output<typeof createIssueBody>;
export type UpdateIssueInput = z.output<typeof updateIssueBody>;
export type ListIssuesQuery = z.output<typeof listIssuesQuery>;

export const resolveWorkspaceConflictBody = z.discriminatedUnion("resolution", [
  z.strictObject({
    resolution: z.literal("fresh_workspace").describe("Detach from the conflicting workspace; the next run provisions a new one in the intended environment"),
  }),
  z.strictObject({
    resolution: z.literal("set_issue_environment"),
    environmentId: z.uuid().optional().describe("Defaults to the conflicting workspace's environment"),
  }),
]);
export type ResolveWorkspaceConflictInput = z.output<typeof resolveWorkspaceConflictBody>;
