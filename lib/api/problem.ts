import { DomainError, type InvalidParam } from "../errors";

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Registered in lib/error-codes.ts, with its status and title. */
  code: string;
  requestId: string;
  /** Paperclip clients read the human message from `error`. */
  error: string;
  details?: unknown;
  invalid_params?: InvalidParam[];
};

export function problemBody(error: DomainError, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: `https://switchboard.dev/problems/${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId,
    error: error.message,
  };
  if (error.invalidParams?.length) {
    body.invalid_params = error.invalidParams;
    body.details = error.details ?? error.invalidParams;
  } else if (error.details) {
    body.details = error.details;
  }
  return body;
}

export function problemResponse(error: DomainError, requestId: string): Response {
  return new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers: { "content-type": "application/problem+json", "x-request-id": requestId, ...error.headers },
  });
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);
const UNREACHABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database server|the database system is (starting up|shutting down)|too many clients|DatabaseNotReachable/i;

const BUSY_CODES = new Set(["P2028", "P2034", "40P01", "40001", "55P03"]);
const BUSY_MESSAGES = /Unable to start a transaction in the given time|Transaction already closed|deadlock detected/i;

/**
 * True when the database answered but could not take this work in time: a transaction that could not start (every
 * connection busy), expired, or lost a deadlock. Retrying shortly succeeds, so it is a 503, not a 500.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && BUSY_CODES.has(candidate.code)) return true;
    if (typeof candidate.message === "string" && BUSY_MESSAGES.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}

/** True when the error chain says the database could not be reached, which is a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof candidate.code === "string" && (UNREACHABLE_CODES.has(candidate.code) || candidate.code.startsWith("08"))) return true;
    if (candidate.kind === "DatabaseNotReachable") return true;
    if (typeof candidate.message === "string" && UNREACHABLE_MESSAGES.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
