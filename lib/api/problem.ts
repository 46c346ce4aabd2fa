import type { DomainError } from "../errors";
import { PROBLEM_CONTENT_TYPE, problemBody } from "./problem-body";

export { problemBody, type ProblemBody } from "./problem-body";

export function problemResponse(error: DomainError, requestId: string): Response {
  return new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": requestId, ...error.headers },
  });
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "ECONNABORTED",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
]);
// The driver adapter's names for a connection that could not be made or was lost mid-request.
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// The last line is node-postgres on a connection or pool closed under the request: a stalled server's connection given
// up on (lib/db/liveness.ts), a client timeout, or pools ended while the server shuts down.
const UNREACHABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database server|the database system is (starting up|shutting down)|too many clients|DatabaseNotReachable|ConnectionClosed|SocketTimeout|Query read timeout|Client was closed and is not queryable|Client has encountered a connection error and is not queryable|Cannot use a pool after calling end on the pool/i;

const BUSY_CODES = new Set(["P2028", "P2034", "40P01", "40001", "55P03", "57014"]);
const BUSY_MESSAGES =
  /Unable to start a transaction in the given time|Transaction already closed|deadlock detected|canceling statement due to statement timeout/i;

/**
 * True when the database answered but could not take this work in time: a transaction that could not start (every
 * connection busy), expired, lost a deadlock, or ran past the statement timeout. Retrying shortly succeeds, so it is a
 * 503, not a 500.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (const candidate of errorChain(error)) {
    if (codesOf(candidate).some((code) => BUSY_CODES.has(code))) return true;
    if (typeof candidate.message === "string" && BUSY_MESSAGES.test(candidate.message)) return true;
  }
  return false;
}

/** True when the error chain says the database could not be reached, which is a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const candidate of errorChain(error)) {
    if (codesOf(candidate).some((code) => UNREACHABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof candidate.kind === "string" && UNREACHABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && UNREACHABLE_MESSAGES.test(candidate.message)) return true;
  }
  return false;
}

type ChainLink = { code?: unknown; originalCode?: unknown; message?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/**
 * The error and what it wraps: `cause`, or where Prisma keeps the driver's error (`meta.driverAdapterError`, whose
 * cause carries the PostgreSQL code as `originalCode`).
 */
function* errorChain(error: unknown): Generator<ChainLink> {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 8; depth += 1) {
    const link = current as ChainLink;
    yield link;
    current = link.cause ?? link.meta?.driverAdapterError;
  }
}

function codesOf(link: ChainLink): string[] {
  return [link.code, link.originalCode].filter((code): code is string => typeof code === "string");
}
