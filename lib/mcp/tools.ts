import "server-only";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import * as inputs from "../schemas/mcp";
import { runTool, type McpContext } from "./context";
import * as tasks from "./task-tools";
import * as work from "./work-tools";

type Tool = {
  title: string;
  description: string;
  input: z.ZodObject;
  annotations?: ToolAnnotations;
  run: (context: McpContext, args: never) => Promise<object>;
};

const READ: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
const WRITE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };
const REMOVE: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, openWorldHint: false };

/**
 * Every tool, by Task Graph MCP's names. Identity always comes from the Bearer key and the run id header: Task Graph's
 * `agent` and `worker_id` parameters are accepted and ignored (claim's `agent` names the agent for board callers).
 */
export const MCP_TOOLS = {
  list_tasks: {
    title: "List tasks",
    description:
      "Tasks of your company, highest priority first: filter by status or workflow state, ready, blocked, claimed, owner and parent; page with cursor.",
    input: inputs.listTasksInput,
    annotations: READ,
    run: tasks.listTasks,
  },
  get: {
    title: "Get a task",
    description: "One task with its ancestors, blockers, dependants, children and attachment list.",
    input: inputs.getTaskInput,
    annotations: READ,
    run: tasks.getTask,
  },
  create: {
    title: "Create a task",
    description: "Creates a task in the workflow's initial state unless `status` says otherwise; priority takes our names or Task Graph's 0–10.",
    input: inputs.createTaskInput,
    annotations: WRITE,
    run: tasks.createTask,
  },
  create_tree: {
    title: "Create a task tree",
    description:
      "Creates a tree of tasks depth first. Children get their node as parent (child_type contains); with sibling_type follows each sibling is blocked by the one before. Stops at the first failure, naming the node and the tasks already created.",
    input: inputs.createTreeInput,
    annotations: WRITE,
    run: tasks.createTree,
  },
  claim: {
    title: "Claim a task",
    description:
      "Checks the task out to you (from backlog, todo or blocked) into the workflow's working state; exactly one of any number of racing claims wins, the others get checkout_conflict.",
    input: inputs.claimInput,
    annotations: WRITE,
    run: tasks.claimTask,
  },
  update: {
    title: "Update a task",
    description:
      "Moves a task to a workflow state (its exits and gates apply; force passes warn gates) or phase and edits its fields; attachments are added first so the gates see them; reason or comment is posted with the change. Moving your own task to a state whose status is backlog or todo also releases it (clears the assignee).",
    input: inputs.updateTaskInput,
    annotations: WRITE,
    run: tasks.updateTask,
  },
  link: {
    title: "Link tasks",
    description: "Adds an edge for every from × to pair: blocks or follows (from must be done before to starts) or contains (from becomes to's parent).",
    input: inputs.linkInput,
    annotations: WRITE,
    run: tasks.linkTasks,
  },
  unlink: {
    title: "Unlink tasks",
    description: 'Removes edges for every from × to pair; "*" on one side removes every edge of that type at the other side.',
    input: inputs.unlinkInput,
    annotations: REMOVE,
    run: tasks.unlinkTasks,
  },
  search: {
    title: "Search tasks",
    description: "Full-text search over identifier, title, description and comments.",
    input: inputs.searchInput,
    annotations: READ,
    run: tasks.searchTasks,
  },
  task_history: {
    title: "Task history",
    description: "Status changes with who made them and when, and time spent per workflow state.",
    input: inputs.taskHistoryInput,
    annotations: READ,
    run: tasks.taskHistory,
  },
  thinking: {
    title: "Share your current thought",
    description: "Records what you are doing now on your tasks in progress (or the tasks named), shown live on the board. Call it often.",
    input: inputs.thinkingInput,
    annotations: WRITE,
    run: work.thinking,
  },
  attach: {
    title: "Attach to a task",
    description: "Adds typed evidence (note, plan, result, gate/tests, …; types and modes from the workflow's attachments). Gates look for these.",
    input: inputs.attachInput,
    annotations: WRITE,
    run: work.attach,
  },
  attachments: {
    title: "List a task's attachments",
    description: "A task's attachments, oldest first, optionally of one type.",
    input: inputs.listAttachmentsInput,
    annotations: READ,
    run: work.attachments,
  },
  detach: {
    title: "Remove attachments",
    description: "Removes one attachment by id, or every attachment of a type.",
    input: inputs.detachInput,
    annotations: REMOVE,
    run: work.detach,
  },
  log_metrics: {
    title: "Log cost and tokens",
    description: "Adds cost and token counts to a task; they land in the same cost records as adapter-reported usage, so budgets count them.",
    input: inputs.logMetricsInput,
    annotations: WRITE,
    run: work.logTaskMetrics,
  },
  get_metrics: {
    title: "Get cost and tokens",
    description: "Cost and tokens logged for one task, or summed over several.",
    input: inputs.getMetricsInput,
    annotations: READ,
    run: work.getTaskMetrics,
  },
  mark_file: {
    title: "Mark files you are editing",
    description: "Advisory marks on paths, tied to your task; always set, with a warning naming anyone else who marked the same path.",
    input: inputs.markFileInput,
    annotations: WRITE,
    run: work.markFile,
  },
  unmark_file: {
    title: "Unmark files",
    description: 'Releases your marks: named files, "*" for all of them, or every mark tied to a task. Terminal states and disconnects release marks too.',
    input: inputs.unmarkFileInput,
    annotations: REMOVE,
    run: work.unmarkFile,
  },
  list_marks: {
    title: "List file marks",
    description: "The company's file marks, optionally for some files, an agent, a task or a workspace.",
    input: inputs.listMarksInput,
    annotations: READ,
    run: work.listFileMarks,
  },
  mark_updates: {
    title: "File mark updates",
    description: "Marks other agents set or released since your last call (the first call: every mark others hold now).",
    input: inputs.markUpdatesInput,
    annotations: WRITE,
    run: work.fileMarkUpdates,
  },
} satisfies Record<string, Tool>;

export const MCP_TOOL_NAMES = Object.keys(MCP_TOOLS) as (keyof typeof MCP_TOOLS)[];

export function registerTools(server: McpServer, context: McpContext) {
  for (const [name, tool] of Object.entries(MCP_TOOLS) as [string, Tool][]) {
    server.registerTool(name, { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: tool.annotations }, (args: unknown) =>
      runTool(context, async () => ({ ...(await tool.run(context, args as never)) })),
    );
  }
}
