import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { GetPromptResult } from "@modelcontextprotocol/sdk/types.js";
import { DomainError } from "../errors";
import { findIssue } from "../issues/find";
import { listIssues } from "../issues/queries";
import type { ListIssuesQuery } from "../schemas/issues";
import { listMarks } from "../marks/marks";
import { promptArgs } from "../schemas/mcp";
import type { Workflow } from "../workflow/parse";
import { currentState, renderPrompt } from "../workflow/rules";
import { workflowFor } from "../workflow/workflows";
import { companyFor, toolError, type McpContext } from "./context";
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
export function createMcpServer(context: McpContext, workflow: Workflow | null): McpServer {
  const server = new McpServer({ name: "switchboard", version: "1.0.0" }, { instructions: MCP_INSTRUCTIONS });
  registerTools(server, context);
  registerResources(server, context);
  if (workflow) registerPrompts(server, context, workflow);
  return server;
}

/**
 * Prompts are read from the workflow in force, so only requests that need them load it: prompts/* and initialize,
 * whose answer advertises the prompts capability.
 */
export async function workflowForPrompts(context: McpContext, body: unknown): Promise<Workflow | null> {
  const messages = Array.isArray(body) ? body : [body];
  const needsPrompts = messages.some(
    (message) => typeof message?.method === "string" && (message.method === "initialize" || message.method.startsWith("prompts/")),
  );
  if (!needsPrompts) return null;
  try {
    return await workflowFor({ companyId: await companyFor(context.actor), projectId: null });
  } catch (error) {
    // A board caller of several companies has no one workflow: no prompts, rather than a failed request.
    if (error instanceof DomainError && error.code === "validation_failed") return null;
    throw error;
  }
}

function registerResources(server: McpServer, context: McpContext) {
  const tasks = (name: string, description: string, query: (context: McpContext) => ListIssuesQuery) =>
    server.registerResource(name, `switchboard://tasks/${name}`, { title: `${name} tasks`, description, mimeType: JSON_MIME }, async (uri) => {
      const companyId = await companyFor(context.actor);
      const { issues } = await listIssues(context.actor, companyId, { limit: 200, ...query(context) });
      return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify({ tasks: issues.map(taskSummary) }) }] };
    });
  tasks("ready", "Tasks you could claim next: todo, no unresolved blocker, assigned to nobody or to you", () => ({ ready: true }));
  tasks("blocked", "Open tasks with an unresolved blocker", () => ({ blocked: true }));
  tasks("claimed", "Your tasks in progress (for board callers: every claimed task)", ({ actor }) =>
    actor.type === "agent" ? { status: ["in_progress"], assigneeAgentId: actor.agentId } : { claimed: true },
  );
  server.registerResource(
    "marks",
    "switchboard://marks",
    { title: "File marks", description: "Every file mark in the company", mimeType: JSON_MIME },
    async (uri) => {
      const companyId = await companyFor(context.actor);
      const marks = await listMarks(context.actor, companyId, {});
      return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify({ marks }) }] };
    },
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

function registerPrompts(server: McpServer, context: McpContext, workflow: Workflow) {
  for (const entry of workflowPromptEntries(workflow)) {
    server.registerPrompt(entry.name, { description: `The workflow's ${entry.name.replace(/\//g, " ")} prompt`, argsSchema: promptArgs }, async ({ task }) => {
      let state = entry.state;
      let phase = entry.phase;
      if (task) {
        const issue = await findIssue(context.actor, task).catch((error: unknown) => {
          throw new Error(JSON.stringify(toolError(context, error).structuredContent));
        });
        state = currentState(workflow, issue) ?? state;
        phase = issue.phase ?? phase;
      }
      const result: GetPromptResult = { messages: [{ role: "user", content: { type: "text", text: renderPrompt(workflow, entry.text, state, phase) } }] };
      return result;
    });
  }
}
