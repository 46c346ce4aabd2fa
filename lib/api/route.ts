import "server-only";
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { ErrorCode } from "../error-codes";
import type { AuthMode, HandlerContext, HttpMethod, Operation } from "./operation";
import { resolveActor, type Actor } from "../auth/actor";
import { requireCompanyAccess, requireCompanyExists } from "../auth/permissions";
import {
  BadRequest,
  DomainError,
  Forbidden,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  UnsupportedMediaType,
  zodIssuesToInvalidParams,
  type InvalidParam,
} from "../errors";
import { isRecordGone } from "../db/errors";
import { inputProblems } from "./input-hygiene";
import { isPaperclipOperation } from "./paperclip-operations";
import { IGNORED_FIELDS_HEADER, ignoredFieldsHeader, parseDroppingUnknownFields } from "./unknown-fields";
import { isDatabaseBusy, isDatabaseUnavailable, problemResponse } from "./problem";
import { clientIp } from "./client-ip";
import { configuredPublicOrigin, parsedUrl } from "./public-url";
import { requestLimiter, unauthenticatedLimiter } from "./rate-limit";
import { registerOperation } from "./registry";

export type { AuthMode, HandlerContext, HttpMethod, Operation } from "./operation";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type RouteHandler = (request: NextRequest, context: RouteContext) => Promise<Response>;

const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
const MUTATING_METHODS = new Set<HttpMethod>(["POST", "PUT", "PATCH", "DELETE"]);
const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const EMPTY_BODY = z.strictObject({});

/**
 * Declares one method: infers the actor and parsed-input types for the handler from `auth` and the schemas.
 * The return type is deliberately non-generic so the caller's context cannot widen that inference.
 */
export function operation<
  A extends AuthMode,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: Operation<A, P, Q, B>): Operation {
  return spec as unknown as Operation;
}

/**
 * Declares the handlers of one path. Every request goes through the same order: request id → actor → auth mode →
 * origin check → rate limit → parse params/query/body → company access → every bad field at once → handler
 * → error mapping. Unknown body fields are refused, except on operations Paperclip's server has too
 * (lib/api/paperclip-operations.ts): there they are dropped before the handler and named in X-Switchboard-Ignored-Fields.
 */
export function defineRoutes<M extends Partial<Record<HttpMethod, Operation>>>(path: string, methods: M): { [K in keyof M]: RouteHandler } {
  const handlers = {} as Record<string, RouteHandler>;
  for (const [method, spec] of Object.entries(methods) as [HttpMethod, Operation][]) {
    registerOperation({ path, method, spec });
    const declared = new Set([...(spec.errors ?? []), ...wrapperErrorCodes(method, spec)]);
    const dropsUnknownFields = isPaperclipOperation(method, path);
    handlers[method] = (request, context) =>
      handle(method, spec, dropsUnknownFields, request, context, (code) => recordUndeclaredCode(declared, { method, path, code }));
  }
  return handlers as { [K in keyof M]: RouteHandler };
}

async function handle(
  method: HttpMethod,
  spec: Operation,
  dropsUnknownFields: boolean,
  request: NextRequest,
  context: RouteContext,
  onError: (code: ErrorCode) => void,
): Promise<Response> {
  const incomingId = request.headers.get("x-request-id");
  const requestId = incomingId && RUN_ID_PATTERN.test(incomingId) ? incomingId : randomUUID();
  let ignored: string[] = [];
  try {
    const actor = await resolveCaller(request, spec.auth);
    authorize(spec.auth, actor);
    if (actor?.type === "board" && actor.source === "session" && MUTATING_METHODS.has(method)) requireSameOrigin(request);
    if (actor) limitRate(actor);
    const read = MUTATING_METHODS.has(method) ? await readBody(request, spec, actor) : undefined;
    const inputs = parseInputs(spec, (await context?.params) ?? {}, request.nextUrl.searchParams, read?.value, dropsUnknownFields);
    const { params, query, body, invalid } = inputs;
    // Company access before reporting bad fields: outsiders learn nothing, not even which fields a route takes.
    if (actor && typeof (params as { companyId?: unknown })?.companyId === "string") {
      requireCompanyAccess(actor, (params as { companyId: string }).companyId, method === "GET" ? "read" : "act");
      await requireCompanyExists(actor, (params as { companyId: string }).companyId);
    }
    ignored = inputs.ignored;
    if (invalid.length) throw validationFailed(invalid);
    const runId = runIdFrom(request);
    const result = await spec.handler({ actor: actor as never, params, query, body, requestId, runId, request, rawBody: read?.text } as HandlerContext<
      AuthMode,
      unknown,
      unknown,
      unknown
    >);
    if (result instanceof Response) {
      result.headers.set("x-request-id", requestId);
      return withIgnoredFields(result, ignored);
    }
    return withIgnoredFields(
      new Response(JSON.stringify(result ?? { ok: true }), {
        status: spec.status ?? 200,
        headers: { "content-type": "application/json", "x-request-id": requestId, "cache-control": "no-store" },
      }),
      ignored,
    );
  } catch (error) {
    const problem = toDomainError(error, requestId);
    onError(problem.code);
    return withIgnoredFields(problemResponse(problem, requestId), ignored);
  }
}

/** The 400 for bad input fields, every one named: REST's params/query/body and MCP's tool arguments alike. */
export function validationFailed(invalid: InvalidParam[]): BadRequest {
  return new BadRequest(`Validation error: ${invalid.map((p) => `${p.name} (${p.reason})`).join("; ")}`, "validation_failed", { invalidParams: invalid });
}

/** Names the body fields dropped on a Paperclip-shared operation, on errors too (past the company check), so a client sees them unused. */
function withIgnoredFields(response: Response, ignored: readonly string[]): Response {
  if (ignored.length) response.headers.set(IGNORED_FIELDS_HEADER, ignoredFieldsHeader(ignored));
  return response;
}

/**
 * The codes `handle` itself can answer with for this operation, whatever its handler does. Keep in step with `handle`:
 * the OpenAPI document and the undeclared-code check both rely on it.
 */
export function wrapperErrorCodes(method: HttpMethod, spec: Pick<Operation, "auth" | "params">): ErrorCode[] {
  const mutating = MUTATING_METHODS.has(method);
  const companyScoped = spec.params instanceof z.ZodObject && "companyId" in spec.params.shape;
  return [
    // Any request may carry a bad Bearer key or run id, unknown query keys, or meet a database in trouble.
    "invalid_authorization",
    "invalid_api_key",
    "invalid_run_id",
    "validation_failed",
    "rate_limited",
    "database_unavailable",
    "database_busy",
    "internal_error",
    ...(spec.auth === "public" || spec.auth === "signature" ? [] : (["unauthorized"] as const)),
    ...(spec.auth === "agent" ? (["agent_required"] as const) : []),
    ...(spec.auth === "board" ? (["board_required"] as const) : []),
    ...(mutating ? (["payload_too_large", "invalid_json", "unsupported_media_type"] as const) : []),
    ...(mutating && spec.auth !== "agent" ? (["origin_mismatch"] as const) : []),
    // A mutation can also lose a race with a concurrent delete of its target.
    ...(companyScoped || mutating ? (["not_found"] as const) : []),
    ...(companyScoped && method !== "GET" ? (["insufficient_role"] as const) : []),
  ];
}

/**
 * Test runs set SWITCHBOARD_STRICT_ERROR_CODES=1: a code the operation does not declare is appended to
 * SWITCHBOARD_UNDECLARED_CODES_FILE, which scripts/test.ts fails on. The client still gets its answer.
 */
function recordUndeclaredCode(declared: ReadonlySet<ErrorCode>, entry: { method: HttpMethod; path: string; code: ErrorCode }) {
  const file = process.env.SWITCHBOARD_UNDECLARED_CODES_FILE;
  if (process.env.SWITCHBOARD_STRICT_ERROR_CODES !== "1" || !file || declared.has(entry.code)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** Idempotent creates: 201 when this request made the record, 200 when it replayed an earlier one. */
export function createdOrReplayed(body: unknown, created: boolean): Response {
  return Response.json(body, { status: created ? 201 : 200 });
}

/**
 * X-Paperclip-Run-Id, if sent, or else X-AImetier-Run-Id (the name a task-workflow document given to agents uses); a
 * malformed one is a 400 rather than silently ignored.
 */
function runIdFrom(request: NextRequest): string | null {
  for (const name of ["X-Paperclip-Run-Id", "X-AImetier-Run-Id"]) {
    const header = request.headers.get(name);
    if (!header) continue;
    if (!RUN_ID_PATTERN.test(header)) {
      throw new BadRequest(`${name} is malformed`, "invalid_run_id", {
        invalidParams: [{ name: `header.${name}`, reason: "Letters, digits and . _ : - only, at most 128" }],
      });
    }
    return header;
  }
  return null;
}

function authorize(mode: AuthMode, actor: Actor | null) {
  if (mode === "public" || mode === "signature") return;
  if (!actor) throw new Unauthorized(mode === "agent" ? "Agent authentication required" : "Authentication required");
  if (mode === "board" && actor.type !== "board") throw new Forbidden("Board access required", "board_required");
  if (mode === "agent" && actor.type !== "agent") throw new Unauthorized("Agent authentication required", "agent_required");
}

/**
 * The actor, with callers that fail to authenticate (no credentials on a non-public route, a bad key, an ended
 * session) spending from a per-IP budget: past it they get 429 instead of 401. Authenticated callers never spend from
 * it, so a flood of bad keys from an address does not lock out good keys from the same address. Public routes (health,
 * OpenAPI, first-admin setup) do not count callers without credentials: launchers and monitors poll health.
 */
async function resolveCaller(request: NextRequest, mode: AuthMode): Promise<Actor | null> {
  // A signed request's Authorization header may be its webhook secret, not one of our keys.
  if (mode === "signature") return null;
  let actor: Actor | null;
  try {
    actor = await resolveActor(request);
  } catch (error) {
    if (error instanceof Unauthorized) limitUnauthenticated(request);
    throw error;
  }
  if (!actor && mode !== "public") limitUnauthenticated(request);
  return actor;
}

function limitUnauthenticated(request: NextRequest) {
  const decision = unauthenticatedLimiter().take(clientIp(request.headers));
  if (!decision.allowed) throw new TooManyRequests(decision.retryAfterSeconds);
}

/**
 * Cookie-authenticated writes must come from our own pages (CSRF defence); Bearer callers are exempt. "Our own" is the
 * configured public URL; forwarded headers are never consulted, since any client can send them.
 */
function requireSameOrigin(request: NextRequest) {
  const origin = parsedUrl(request.headers.get("origin"));
  const publicOrigin = configuredPublicOrigin();
  // Without a configured URL (in-process tests), the Host the request was sent to; scheme is unknown behind TLS.
  const sameOrigin = publicOrigin ? origin?.origin === publicOrigin : origin?.host === (request.headers.get("host") ?? request.nextUrl.host);
  if (!sameOrigin) throw new Forbidden("Cross-origin request refused: the Origin header must match this site", "origin_mismatch");
  const contentType = request.headers.get("content-type") ?? "";
  if (request.headers.get("content-length") !== "0" && request.body && !/^application\/json\b/i.test(contentType)) throw new UnsupportedMediaType();
}

function limitRate(actor: Actor) {
  const key = actor.type === "agent" ? `agent-key:${actor.keyId}` : actor.keyId ? `board-key:${actor.keyId}` : `user:${actor.userId}`;
  const decision = requestLimiter().take(key);
  if (!decision.allowed) throw new TooManyRequests(decision.retryAfterSeconds);
}

async function readBody(request: NextRequest, spec: Operation, actor: Actor | null): Promise<{ text: string; value: unknown }> {
  const limit = spec.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLarge(limit);
  const text = await readLimitedText(request, limit);
  if (text.trim() === "") return { text, value: undefined };
  const contentType = request.headers.get("content-type") ?? "";
  if (actor?.type === "board" && actor.source === "session" && !/json/i.test(contentType)) throw new UnsupportedMediaType();
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw new BadRequest("Request body is not valid JSON", "invalid_json", { invalidParams: [{ name: "body", reason: "Malformed JSON" }] });
  }
}

async function readLimitedText(request: NextRequest, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function searchParamsToObject(searchParams: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    result[key] = values.length === 1 ? values[0] : values;
  }
  return result;
}

/**
 * Parses all three inputs, collecting every failing field so they are reported together. With `dropsUnknownFields`,
 * body keys no schema declares are dropped and returned as `ignored` rather than refused.
 */
function parseInputs(spec: Operation, rawParams: Record<string, unknown>, searchParams: URLSearchParams, rawBody: unknown, dropsUnknownFields: boolean) {
  const invalid: InvalidParam[] = [];
  let ignored: string[] = [];
  const parse = (location: string, schema: z.ZodType | undefined, value: unknown, fallback: z.ZodType) => {
    // Text no field may hold and nesting no schema should walk are refused before the schema sees them, ignored fields included.
    const problems = inputProblems(location, value);
    if (problems.length) {
      invalid.push(...problems);
      return undefined;
    }
    const lenient = dropsUnknownFields && location === "body";
    const parsed = lenient ? parseDroppingUnknownFields(schema ?? fallback, value) : { result: (schema ?? fallback).safeParse(value), ignored: [] };
    if (lenient) ignored = parsed.ignored;
    const { result } = parsed;
    if (result.success) return result.data;
    invalid.push(...zodIssuesToInvalidParams(location, result.error));
    return undefined;
  };
  const params = parse("params", spec.params as z.ZodType | undefined, rawParams, z.record(z.string(), z.unknown()));
  const query = parse("query", spec.query as z.ZodType | undefined, searchParamsToObject(searchParams), EMPTY_BODY);
  const body = spec.body || rawBody !== undefined ? parse("body", spec.body as z.ZodType | undefined, rawBody ?? {}, EMPTY_BODY) : undefined;
  return { params, query, body, invalid, ignored };
}

/** Any thrown value as the problem the client gets; unexpected ones are logged with the request id and never echoed. */
export function toDomainError(error: unknown, requestId: string): DomainError {
  if (error instanceof DomainError) return error;
  if (isDatabaseUnavailable(error)) return new ServiceUnavailable();
  if (isDatabaseBusy(error)) return new ServiceUnavailable("The database is busy; retry shortly", "database_busy", 1);
  // The loser of two concurrent deletes (or of a write racing a delete) finds nothing left to change.
  if (isRecordGone(error)) return new NotFound("Resource");
  console.error(`[${requestId}] unhandled error`, error);
  return new DomainError(500, "internal_error", "Internal server error");
}
