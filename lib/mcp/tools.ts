import "server-only";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool as ListedTool, type ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { NotFound } from "../errors";
import * as inputs from "../schemas/mcp";
import { parseArguments, runTool, toolError, type ArgumentNames, type McpContext } from "./context";
import * as tasks from "./task-tools";
import * as work from "./work-tools";

type Tool = {
  title: string;
  description: string;
  input: z.ZodObject;
  annotations?: ToolAnnotations;
  /** Where the domain function names a field differently from the tool's argument. */
  names?: ArgumentNames;
  run: (context: McpContext, args: never) => Promise<object>;
};

const MARK_FILE_NAMES: ArgumentNames = { files: "file" };

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
      "Tasks of your company, highest priority first: filter by status or workflow state, ready, blocked, claimed, owner, parent and project; page with cursor. State names are the project's workflow's when `project` is given, else the company's.",
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
    description:
      "Creates a task in the workflow's initial state unless `status` says otherwise (the `project`'s workflow when given, else the company's); priority takes our names or Task Graph's 0–10. If setting `phase` fails after the task was made, the error names the `created` task: do not create it again.",
    input: inputs.createTaskInput,
    annotations: WRITE,
    names: { assigneeAgentId: "assignee", parentId: "parent", blockedByIssueIds: "blocked_by", projectId: "project" },
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
      "Moves a task to a workflow state of its project's workflow (its exits and gates apply; force passes warn gates) or phase and edits its fields; attachments are added first so the gates see them, and if the change then fails the error lists `attachmentsAdded` (they stay: do not attach them again); reason or comment is posted with the change. Moving your own task to a state whose status is backlog or todo also releases it (clears the assignee): Task Graph's untimed states release a claim, as REST's POST /api/issues/{id}/release does, whereas a REST PATCH of the status keeps the assignee.",
    input: inputs.updateTaskInput,
    annotations: WRITE,
    names: { workflowState: "status", assigneeAgentId: "assignee" },
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
    description:
      "Full-text search over identifier, title, description and comments, optionally in one project; `status_filter` names are the project's workflow's when `project` is given, else the company's.",
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
    names: { costUsd: "cost_usd", inputTokens: "input_tokens", cachedInputTokens: "cached_input_tokens", outputTokens: "output_tokens" },
    run: work.logTaskMetrics,
  },
  get_metrics: {
    title: "Get cost and tokens",
    description: "Cost and tokens logged for one task, or summed over several.",
    input: inputs.getMetricsInput,
    annotations: READ,
    names: { tasks: "task" },
    run: work.getTaskMetrics,
  },
  mark_file: {
    title: "Mark files you are editing",
    description: "Advisory marks on paths, tied to your task; always set, with a warning naming anyone else who marked the same path.",
    input: inputs.markFileInput,
    annotations: WRITE,
    names: MARK_FILE_NAMES,
    run: work.markFile,
  },
  unmark_file: {
    title: "Unmark files",
    description: 'Releases your marks: named files, "*" for all of them, or every mark tied to a task. Terminal states and disconnects release marks too.',
    input: inputs.unmarkFileInput,
    annotations: REMOVE,
    names: MARK_FILE_NAMES,
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

const TOOLS_BY_NAME: ReadonlyMap<string, Tool> = new Map(Object.entries(MCP_TOOLS));

/** tools/list: the inputs as JSON Schema, converted as the SDK's McpServer converts them (draft 7, input side). */
const LISTED_TOOLS: ListedTool[] = [...TOOLS_BY_NAME].map(([name, tool]) => ({
  name,
  title: tool.title,
  description: tool.description,
  inputSchema: z.toJSONSchema(tool.input, { target: "draft-7", io: "input" }) as ListedTool["inputSchema"],
  annotations: tool.annotations,
}));

/**
 * The tools on the low-level server rather than McpServer.registerTool, whose own argument check answers plain text:
 * here arguments are parsed by our handler, so a bad one is a tool error carrying REST's validation_failed problem.
 */
export function registerTools(server: McpServer, context: McpContext) {
  server.server.registerCapabilities({ tools: { listChanged: false } });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: LISTED_TOOLS }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = TOOLS_BY_NAME.get(request.params.name);
    if (!tool) return toolError(context, new NotFound(`Tool ${request.params.name}`));
    return runTool(context, async () => ({ ...(await tool.run(context, parseArguments(tool.input, request.params.arguments) as never)) }), tool.names);
  });
}
