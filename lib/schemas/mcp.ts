import { z } from "zod";
import { ISSUE_PRIORITIES, issueRef } from "./issues";
import * as marks from "./marks";
import * as metrics from "./metrics";
import { thoughtInput } from "./thoughts";

// Inputs of the MCP server's tools (lib/mcp). Parameter names follow Task Graph MCP's tools, so agents prompted for
// those tools call ours unchanged; descriptions become the tools' published input schemas. Limits a domain function
// owns (thought length, paths, amounts) are not repeated here: the fields reuse lib/schemas/{thoughts,marks,metrics}.ts.

/** One JSON-RPC message, or a batch: the MCP transport judges the content, so every key passes through untouched. */
const jsonRpcMessage = z.looseObject({
  jsonrpc: z.literal("2.0").describe("Always 2.0"),
  method: z.string().max(200).optional(),
  id: z
    .union([z.string().max(200), z.number()])
    .nullable()
    .optional(),
});
export const mcpRequestBody = z
  .union([jsonRpcMessage, z.array(jsonRpcMessage).min(1).max(100)])
  .describe("A JSON-RPC 2.0 message or batch of the Model Context Protocol (Streamable HTTP, stateless, JSON responses)");

const task = issueRef.describe("Task: an issue id (UUID) or identifier such as ENG-12");
const taskOrTasks = z.union([task, z.array(task).min(1).max(100)]);
const ignoredIdentity = z
  .string()
  .max(200)
  .optional()
  .describe("Accepted for Task Graph compatibility and ignored: the caller is whoever the Bearer key names");
const companyId = z.uuid().optional().describe("Company id; board callers with more than one company say which (agents: always their own)");
const projectId = z.uuid().optional();

/** Task Graph's 0–10 number (higher is more important) or one of our four names. */
export const mcpPriority = z
  .union([z.enum(ISSUE_PRIORITIES), z.int().min(0).max(10)])
  .describe("critical | high | medium | low, or Task Graph's 0–10 (8–10 critical, 6–7 high, 3–5 medium, 0–2 low)");

const stateOrStatus = z.string().trim().min(1).max(64);

export const listTasksInput = z.object({
  status: z
    .union([stateOrStatus, z.array(stateOrStatus).min(1).max(20)])
    .optional()
    .describe(
      "Workflow state names (pending, working, …: each matches its status) or API statuses (todo, in_progress, …); names are the `project`'s workflow's when given, else the company's",
    ),
  ready: z.boolean().optional().describe("Tasks to pick up next: todo, no unresolved blocker, assigned to nobody or to you"),
  blocked: z.boolean().optional().describe("Open tasks with at least one unresolved blocker"),
  claimed: z.boolean().optional().describe("Tasks in progress held by an agent"),
  owner: z.string().max(64).optional().describe("`me`, or an agent id: tasks assigned to that agent"),
  parent: z.string().max(64).optional().describe('A task id or identifier: its children; "null": top-level tasks only'),
  limit: z.int().min(1).max(200).optional().describe("At most 200; 50 unless given"),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
  project: projectId.describe("Only this project's tasks; `status` names are read from its workflow"),
  company: companyId,
  agent: ignoredIdentity,
});

export const getTaskInput = z.object({ task });

export const createTaskInput = z.object({
  title: z.string().trim().min(1).max(500).optional().describe("Title; taken from the description's first line when missing"),
  description: z.string().max(200_000).optional(),
  parent: task.optional().describe("Parent task (a contains edge)"),
  priority: mcpPriority.optional(),
  status: stateOrStatus
    .optional()
    .describe(
      "A workflow state name or API status to start in (the `project`'s workflow when given, else the company's); unless given that workflow's initial state (todo when assigned)",
    ),
  assignee: z.uuid().optional().describe("Agent id to assign the task to"),
  blocked_by: z.array(task).max(100).optional().describe("Tasks that block this one"),
  phase: z.string().trim().min(1).max(64).optional().describe("Workflow phase (explore, implement, review, …)"),
  project: projectId.describe("The project to create the task in; its workflow decides `status` and the initial state"),
  company: companyId,
  agent: ignoredIdentity,
});

type TreeNode = { title: string; description?: string; priority?: z.output<typeof mcpPriority>; children?: TreeNode[] };
const treeNode: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({
    title: z.string().trim().min(1).max(500),
    description: z.string().max(200_000).optional(),
    priority: mcpPriority.optional(),
    children: z.array(treeNode).max(100).optional(),
  }),
);

export const createTreeInput = z.object({
  tree: treeNode.describe("{title, description?, priority?, children?: [node…]}"),
  parent: task.optional().describe("Existing task to put the tree's root under"),
  child_type: z.enum(["contains"]).nullable().optional().describe('"contains" (default): children get their node as parent; null: no parent links'),
  sibling_type: z.enum(["follows"]).nullable().optional().describe('"follows": each sibling is blocked by the one before it; null (default): parallel'),
  company: companyId,
  agent: ignoredIdentity,
});

export const claimInput = z.object({
  task,
  agent: z.uuid().optional().describe("Board callers: the agent to claim for. Agents claim for themselves; theirs is ignored"),
  worker_id: ignoredIdentity,
});

export const attachmentItem = z.object({
  type: z.string().trim().min(1).max(100).describe("Attachment type from the workflow (note, plan, gate/tests, …)"),
  content: z.string().max(256 * 1024),
  mime: z.string().max(200).optional().describe("The type's mime from the workflow unless given"),
});

export const updateTaskInput = z.object({
  task,
  status: stateOrStatus
    .optional()
    .describe(
      "A workflow state name (working, completed, …) or API status. Moving your own task to a state whose status is backlog or todo also releases it (clears the assignee)",
    ),
  phase: z.string().trim().min(1).max(64).nullable().optional().describe("Workflow phase; null clears it"),
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(200_000).nullable().optional(),
  priority: mcpPriority.optional(),
  assignee: z.uuid().nullable().optional().describe("Agent id to hand the task to; null unassigns"),
  reason: z.string().trim().min(1).max(100_000).optional().describe("Why: added as a comment with the change"),
  comment: z.string().trim().min(1).max(100_000).optional().describe("Same as reason"),
  force: z.boolean().optional().describe("Pass warn gates (recorded); reject gates still refuse"),
  attachments: z.array(attachmentItem).max(20).optional().describe("Attached before the change, so the gates being left see them"),
  worker_id: ignoredIdentity,
  agent: ignoredIdentity,
});

const linkType = z
  .enum(["blocks", "follows", "contains"])
  .optional()
  .describe("blocks (default) and follows: `from` blocks `to`; contains: `from` is `to`'s parent");
export const linkInput = z.object({
  from: taskOrTasks.describe("Blocker(s), or the parent for contains"),
  to: taskOrTasks.describe("Dependent(s), or the child for contains"),
  type: linkType,
  agent: ignoredIdentity,
});
export const unlinkInput = z.object({
  from: z.union([z.literal("*"), taskOrTasks]).describe('Blocker(s) or parent; "*" on one side removes every edge of the other side'),
  to: z.union([z.literal("*"), taskOrTasks]).describe('Dependent(s) or child; "*" on one side removes every edge of the other side'),
  type: linkType,
  agent: ignoredIdentity,
});

export const searchInput = z.object({
  query: z.string().trim().min(1).max(200).describe("Words or an identifier; full text over identifier, title, description and comments"),
  limit: z.int().min(1).max(100).optional().describe("At most 100; 20 unless given"),
  status_filter: stateOrStatus.optional().describe("A workflow state name (the `project`'s workflow when given, else the company's) or API status"),
  project: projectId.describe("Only this project's tasks; `status_filter` is read from its workflow"),
  company: companyId,
});

export const taskHistoryInput = z.object({
  task,
  states: z.array(stateOrStatus).max(20).optional().describe("Only status changes into or out of these statuses or states' statuses"),
});

export const thinkingInput = z.object({
  thought: thoughtInput.shape.thought,
  tasks: thoughtInput.shape.tasks,
  agent: ignoredIdentity,
});

export const attachInput = attachmentItem.extend({ task, agent: ignoredIdentity });
export const listAttachmentsInput = z.object({ task, type: z.string().max(100).optional().describe("Only this attachment type") });
export const detachInput = z.object({
  task,
  id: z.uuid().optional().describe("The attachment to remove"),
  type: z.string().max(100).optional().describe("Remove every attachment of this type"),
  agent: ignoredIdentity,
});

export const logMetricsInput = z.object({
  task,
  cost_usd: metrics.logMetricsInput.shape.costUsd,
  input_tokens: metrics.logMetricsInput.shape.inputTokens,
  cached_input_tokens: metrics.logMetricsInput.shape.cachedInputTokens,
  output_tokens: metrics.logMetricsInput.shape.outputTokens,
  model: metrics.logMetricsInput.shape.model,
  agent: ignoredIdentity,
});
export const getMetricsInput = z.object({ task: taskOrTasks });

const file = marks.markFilesInput.shape.files.element;
export const markFileInput = z.object({
  file: z.union([file, z.array(file)]).describe("Path(s) you are about to edit, at most 100"),
  task: task.optional().describe("The task the edit is for; your task in progress for this run unless given"),
  reason: marks.markFilesInput.shape.reason.describe("Shown to other agents"),
  agent: ignoredIdentity,
});
export const unmarkFileInput = z.object({
  file: z
    .union([z.literal("*"), file, z.array(file)])
    .optional()
    .describe('Path(s) to release, or "*" for every mark you hold'),
  task: task.optional().describe("Release every mark of yours tied to this task"),
  reason: marks.unmarkFilesInput.shape.reason.describe("A note for the next agent, reported by mark_updates"),
  agent: ignoredIdentity,
});
export const listMarksInput = z.object({
  files: marks.listMarksInput.shape.files,
  agent: z.uuid().optional().describe("Only this agent's marks"),
  task: task.optional().describe("Only marks tied to this task"),
  workspace: z.uuid().optional().describe("Only marks in this execution workspace"),
  company: companyId,
});
export const markUpdatesInput = z.object({ agent: ignoredIdentity });

/** prompts/get's arguments: with a task, the prompt is that task's workflow's, rendered for its state and phase. */
export const promptArgs = z.object({
  task: issueRef.optional().describe("Render for this task's state and phase, from the workflow in force for its project"),
});
