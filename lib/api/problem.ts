import { DomainError, type InvalidParam } from "../errors";

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
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
    title: STATUS_TITLES[error.status] ?? "Error",
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

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EPIPE", "57P01", "57P02", "57P03", "53300", "P1001", "P1002", "P1017", "P2024"]);
const UNREACHABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database server|the database system is (starting up|shutting down)|too many clients|DatabaseNotReachable/i;

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
