import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  type GetPromptRequest,
  type GetPromptResult,
  type ListPromptsResult,
} from "@modelcontextprotocol/sdk/types.js";
import { NotFound } from "../errors";
import { findIssue } from "../issues/find";
import { listIssues } from "../issues/queries";
import type { ListIssuesQuery } from "../schemas/issues";
import { listMarks } from "../marks/marks";
import { promptArgs } from "../schemas/mcp";
import type { Workflow } from "../workflow/parse";
import { currentState, renderPrompt } from "../workflow/rules";
import { workflowFor } from "../workflow/workflows";
import { companyFor, defaultCompanyId, mcpRequestError, parseArguments, type McpContext } from "./context";
import { taskSummary } from "./task-tools";
import { registerTools } from "./tools";

export const MCP_INSTRUCTIONS =
  "Switchboard's tasks are its issues, and they follow your company's workflow. Work like this: list_tasks(ready=true) to find work, " +
  "claim(task) to take one (one claim wins; on checkout_conflict pick another), thinking(thought) to say what you are doing as you go, " +
  "mark_file before editing files and unmark_file when done, attach(task, type, content) for notes and gate evidence such as gate/tests, " +
  'log_metrics for cost and tokens, then update(task, status="completed") (or another state the workflow allows; phases with update(phase=…)). ' +
  "Errors carry the same codes as Switchboard's REST API problems.";

const JSON_MIME = "application/json";

/** One MCP server per request, bound to the caller and run, as every REST request is. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer({ name: "switchboard", version: "1.0.0" }, { instructions: MCP_INSTRUCTIONS });
  registerTools(server, context);
  registerResources(server, context);
  registerPrompts(server, context);
  return server;
}

/** A resource or prompt handler whose failure is a JSON-RPC error carrying the REST problem. */
const guarded =
  <Args extends unknown[], Result>(context: McpContext, handle: (...args: Args) => Promise<Result>) =>
  async (...args: Args): Promise<Result> => {
    try {
      return await handle(...args);
    } catch (error) {
      throw mcpRequestError(context, error);
    }
  };

function registerResources(server: McpServer, context: McpContext) {
  const tasks = (name: string, description: string, query: (context: McpContext) => ListIssuesQuery) =>
    server.registerResource(
      name,
      `switchboard://tasks/${name}`,
      { title: `${name} tasks`, description, mimeType: JSON_MIME },
      guarded(context, async (uri) => {
        const companyId = await companyFor(context.actor);
        const { issues } = await listIssues(context.actor, companyId, { limit: 200, ...query(context) });
        return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify({ tasks: issues.map(taskSummary) }) }] };
      }),
    );
  tasks("ready", "Tasks you could claim next: todo, no unresolved blocker, assigned to nobody or to you", () => ({ ready: true }));
  tasks("blocked", "Open tasks with an unresolved blocker", () => ({ blocked: true }));
  tasks("claimed", "Your tasks in progress (for board callers: every claimed task)", ({ actor }) =>
    actor.type === "agent" ? { status: ["in_progress"], assigneeAgentId: actor.agentId } : { claimed: true },
  );
  server.registerResource(
    "marks",
    "switchboard://marks",
    { title: "File marks", description: "Every file mark in the company", mimeType: JSON_MIME },
    guarded(context, async (uri) => {
      const companyId = await companyFor(context.actor);
      const marks = await listMarks(context.actor, companyId, {});
      return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify({ marks }) }] };
    }),
  );
}

type PromptEntry = { name: string; text: string; state: string; phase: string | null };

/** Every prompt of the workflow, named state/<name>/enter|exit, phase/<name>/enter|exit, combo/<state+phase>/enter|exit. */
export function workflowPromptEntries(workflow: Workflow): PromptEntry[] {
  const entries: PromptEntry[] = [];
  const add = (kind: string, name: string, prompts: { enter?: string; exit?: string } | undefined, state: string, phase: string | null) => {
    for (const edge of ["enter", "exit"] as const) {
      const text = prompts?.[edge];
      if (text) entries.push({ name: `${kind}/${name}/${edge}`, text, state, phase });
    }
  };
  for (const state of Object.values(workflow.states)) add("state", state.name, state.prompts, state.name, null);
  for (const [phase, { prompts }] of Object.entries(workflow.phases)) add("phase", phase, prompts, workflow.initialState, phase);
  for (const [combo, prompts] of Object.entries(workflow.combos)) {
    const [state, phase] = combo.split("+");
    add("combo", combo, prompts, workflow.states[state] ? state : workflow.initialState, phase ?? null);
  }
  return entries;
}

/** The caller's company workflow, whose prompts prompts/list offers; none for a board caller of several companies. */
async function companyWorkflow(context: McpContext): Promise<Workflow | null> {
  const companyId = defaultCompanyId(context.actor);
  return companyId ? workflowFor({ companyId: await companyFor(context.actor, companyId), projectId: null }) : null;
}

/**
 * Prompts on the low-level server, so prompts/get reads the workflow in force where it is asked: with a `task`, that
 * task's project's workflow (its prompt of that name, rendered for the task's state and phase), else the company's.
 * Failures are JSON-RPC errors carrying the REST problem.
 */
function registerPrompts(server: McpServer, context: McpContext) {
  server.server.registerCapabilities({ prompts: { listChanged: false } });
  const description = (name: string) => `The workflow's ${name.replace(/\//g, " ")} prompt`;
  const argumentsListed = [{ name: "task", description: promptArgs.shape.task.description, required: false }];
  server.server.setRequestHandler(
    ListPromptsRequestSchema,
    guarded(context, async (): Promise<ListPromptsResult> => {
      const workflow = await companyWorkflow(context);
      const entries = workflow ? workflowPromptEntries(workflow) : [];
      return { prompts: entries.map((entry) => ({ name: entry.name, description: description(entry.name), arguments: argumentsListed })) };
    }),
  );
  server.server.setRequestHandler(
    GetPromptRequestSchema,
    guarded(context, async (request: GetPromptRequest): Promise<GetPromptResult> => {
      const { task } = parseArguments(promptArgs, request.params.arguments);
      const issue = task ? await findIssue(context.actor, task) : null;
      const workflow = issue
        ? await workflowFor({ companyId: issue.companyId, projectId: issue.projectId })
        : await workflowFor({ companyId: await companyFor(context.actor), projectId: null });
      const entry = workflowPromptEntries(workflow).find((candidate) => candidate.name === request.params.name);
      if (!entry) throw new NotFound(`Prompt ${request.params.name}`);
      const state = (issue && currentState(workflow, issue)) ?? entry.state;
      const phase = issue?.phase ?? entry.phase;
      const text = renderPrompt(workflow, entry.text, state, phase);
      return { description: description(entry.name), messages: [{ role: "user", content: { type: "text", text } }] };
    }),
  );
}
