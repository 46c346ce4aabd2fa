import "server-only";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess, requireCompanyExists } from "../auth/permissions";
import { toDomainError } from "../api/route";
import { problemBody } from "../api/problem-body";
import { BadRequest } from "../errors";
import { ISSUE_STATUSES, type IssuePriority, type IssueStatus } from "../schemas/issues";
import type { Workflow } from "../workflow/parse";

/** Who calls, for which run: what every tool passes to the domain functions, as a REST route would. */
export type McpContext = { actor: Actor; runId: string | null; requestId: string };

export type ToolResult = {
  content: { type: "text"; text: string }[];
  structuredContent: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
};

/** A failure that also reports what was done before it (create_tree's created ids). */
export class PartialFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly done: Record<string, unknown>,
  ) {
    super("partial failure");
  }
}

export function toolResult(result: Record<string, unknown>): ToolResult {
  return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
}

/**
 * A tool error carrying the REST problem body (same code, status, title, detail, invalid_params). Unexpected errors are
 * logged with the request id by toDomainError and come back as a bare internal_error.
 */
export function toolError(context: McpContext, error: unknown): ToolResult {
  const done = error instanceof PartialFailure ? error.done : {};
  const problem = problemBody(toDomainError(error instanceof PartialFailure ? error.cause : error, context.requestId), context.requestId);
  const result = { error: problem, ...done };
  return { isError: true, content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
}

export async function runTool(context: McpContext, work: () => Promise<Record<string, unknown>>): Promise<ToolResult> {
  try {
    return toolResult(await work());
  } catch (error) {
    return toolError(context, error);
  }
}

export const invalidArgument = (name: string, reason: string) =>
  new BadRequest(`${name}: ${reason}`, "validation_failed", { invalidParams: [{ name, reason }] });

/**
 * The company a company-wide tool works in: an agent's own; for board callers the one asked for, else the one their key
 * is limited to, else their only company.
 */
export async function companyFor(actor: Actor, requested?: string): Promise<string> {
  const memberships = actor.type === "board" ? Object.keys(actor.memberships) : [];
  const companyId =
    requested ?? (actor.type === "agent" ? actor.companyId : (actor.restrictedToCompanyId ?? (memberships.length === 1 ? memberships[0] : undefined)));
  if (!companyId) throw invalidArgument("company", "You can see more than one company: name one");
  requireCompanyAccess(actor, companyId, "read");
  await requireCompanyExists(actor, companyId);
  return companyId;
}

/** A workflow state name (its status) or an API status; anything else is refused naming the states there are. */
export function statusOf(workflow: Workflow, name: string, field = "status"): IssueStatus {
  const state = workflow.states[name];
  if (state) return state.status;
  if ((ISSUE_STATUSES as readonly string[]).includes(name)) return name as IssueStatus;
  throw invalidArgument(
    field,
    `"${name}" is neither a state of this workflow (${Object.keys(workflow.states).join(", ")}) nor a status (${ISSUE_STATUSES.join(", ")})`,
  );
}

/** Task Graph's 0–10 priority (higher is more important) onto our four: 8–10 critical, 6–7 high, 3–5 medium, 0–2 low. */
export function priorityOf(priority: IssuePriority | number | undefined): IssuePriority | undefined {
  if (priority === undefined || typeof priority === "string") return priority;
  return priority >= 8 ? "critical" : priority >= 6 ? "high" : priority >= 3 ? "medium" : "low";
}

export const listOf = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
