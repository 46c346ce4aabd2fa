import "server-only";
import { ErrorCode as JsonRpcCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess, requireCompanyExists } from "../auth/permissions";
import { toDomainError, validationFailed } from "../api/route";
import { problemBody } from "../api/problem-body";
import { BadRequest, DomainError, NotFound, zodIssuesToInvalidParams } from "../errors";
import { getProject } from "../projects/projects";
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

/** A failure that also reports what was done before it (create_tree's created ids, update's attachments added). */
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
export function toolError(context: McpContext, error: unknown, names?: ArgumentNames): ToolResult {
  const done = error instanceof PartialFailure ? error.done : {};
  const problem = problemBody(
    inArgumentNames(toDomainError(error instanceof PartialFailure ? error.cause : error, context.requestId), names),
    context.requestId,
  );
  return { ...toolResult({ error: problem, ...done }), isError: true };
}

/**
 * For resource and prompt handlers, whose failures are JSON-RPC errors rather than tool results: the REST problem in
 * `data`, its detail as the message; 5xx problems are InternalError (the unexpected ones logged, never echoed).
 */
export function mcpRequestError(context: McpContext, error: unknown): McpError {
  const problem = problemBody(toDomainError(error, context.requestId), context.requestId);
  return new McpError(problem.status >= 500 ? JsonRpcCode.InternalError : JsonRpcCode.InvalidParams, problem.detail, problem);
}

/** Tool and prompt arguments against their schema: every bad one named, as REST names a bad body's fields (without `body.`). */
export function parseArguments<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const result = schema.safeParse(args ?? {});
  if (result.success) return result.data;
  throw validationFailed(zodIssuesToInvalidParams("arguments", result.error).map((param) => ({ ...param, name: param.name.replace(/^arguments\./, "") })));
}

export async function runTool(context: McpContext, work: () => Promise<Record<string, unknown>>, names?: ArgumentNames): Promise<ToolResult> {
  try {
    return toolResult(await work());
  } catch (error) {
    return toolError(context, error, names);
  }
}

/** The domain's field names a tool calls by another argument name (log_metrics' costUsd is its cost_usd). */
export type ArgumentNames = Readonly<Record<string, string>>;

/**
 * The problem naming the tool's arguments rather than the domain's fields (`files.2` → `file.2`), so invalid_params
 * point at what the caller sent; a detail listing the fields (Unprocessable.fields) is rewritten to match.
 */
function inArgumentNames(error: DomainError, names: ArgumentNames | undefined): DomainError {
  if (!names || !error.invalidParams?.length) return error;
  const rename = (name: string) => {
    const [field, ...rest] = name.split(".");
    return [Object.hasOwn(names, field) ? names[field] : field, ...rest].join(".");
  };
  const invalidParams = error.invalidParams.map((param) => ({ ...param, name: rename(param.name) }));
  const listing = (params: { name: string; reason: string }[]) => params.map((param) => `${param.name}: ${param.reason}`).join("; ");
  const message = error.message === listing(error.invalidParams) ? listing(invalidParams) : error.message;
  return new DomainError(error.status as never, error.code, message, { details: error.details, invalidParams, headers: error.headers });
}

export const invalidArgument = (name: string, reason: string) =>
  new BadRequest(`${name}: ${reason}`, "validation_failed", { invalidParams: [{ name, reason }] });

/** The company a caller means without naming one: an agent's own, a board key's only one, a board user's only one. */
export function defaultCompanyId(actor: Actor): string | undefined {
  if (actor.type === "agent") return actor.companyId;
  const memberships = Object.keys(actor.memberships);
  return actor.restrictedToCompanyId ?? (memberships.length === 1 ? memberships[0] : undefined);
}

/**
 * The company a company-wide tool works in: an agent's own; for board callers the one asked for, else the one their key
 * is limited to, else their only company.
 */
export async function companyFor(actor: Actor, requested?: string): Promise<string> {
  const companyId = requested ?? defaultCompanyId(actor);
  if (!companyId) throw invalidArgument("company", "You can see more than one company: name one");
  requireCompanyAccess(actor, companyId, "read");
  await requireCompanyExists(actor, companyId);
  return companyId;
}

/**
 * The project a company-wide tool's `project` names, which must be in that company (404 otherwise, as outside it): its
 * workflow is the one whose state names the tool reads.
 */
export async function projectIn(actor: Actor, companyId: string, projectId: string | undefined): Promise<string | null> {
  if (!projectId) return null;
  const project = await getProject(actor, projectId);
  if (project.companyId !== companyId) throw new NotFound("Project");
  return project.id;
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
