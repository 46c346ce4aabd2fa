import type { z } from "zod";
import { ERROR_CODES, type ErrorCode, type ErrorCodeEntry, type ErrorCodeWithStatus, type ErrorStatus } from "./error-codes";

// Typed domain errors. Domain code throws these; lib/api/problem.ts maps them to HTTP once. Every code is registered
// in lib/error-codes.ts, which fixes its status and title.

export type InvalidParam = { name: string; reason: string };
export type DomainErrorExtra = { details?: Record<string, unknown>; invalidParams?: InvalidParam[]; headers?: Record<string, string> };

const reportedCodes = new Set<string>();

/**
 * A code outside the registry, or thrown with another status (only reachable through casts), fails tests outright and
 * is logged once in production.
 */
function reportUnregistered(code: string, status: number, registered: number | undefined) {
  const problem =
    registered === undefined
      ? `Error code "${code}" is not registered in lib/error-codes.ts`
      : `Error code "${code}" is registered as ${registered}, thrown as ${status}`;
  if (process.env.NODE_ENV === "test") throw new Error(problem);
  if (!reportedCodes.has(code)) console.error(`[switchboard] ${problem}`);
  reportedCodes.add(code);
}

export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly title: string;
  readonly code: C;
  readonly details?: Record<string, unknown>;
  readonly invalidParams?: InvalidParam[];
  readonly headers?: Record<string, string>;

  /** `status` must be the one registered for `code` (the type insists); it is used as such only if the registry lacks the code. */
  constructor(status: ErrorStatus<C>, code: C, message: string, extra: DomainErrorExtra = {}) {
    super(message);
    const entry: ErrorCodeEntry | undefined = Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code] : undefined;
    if (entry?.status !== status) reportUnregistered(code, status, entry?.status);
    this.name = new.target.name;
    this.status = entry?.status ?? status;
    this.title = entry?.title ?? "Error";
    this.code = code;
    this.details = extra.details;
    this.invalidParams = extra.invalidParams;
    this.headers = extra.headers;
  }
}

export class BadRequest extends DomainError<ErrorCodeWithStatus<400>> {
  constructor(message: string, code: ErrorCodeWithStatus<400> = "bad_request", extra: DomainErrorExtra = {}) {
    super(400, code, message, extra);
  }
}

export class Unauthorized extends DomainError<ErrorCodeWithStatus<401>> {
  constructor(message = "Authentication required", code: ErrorCodeWithStatus<401> = "unauthorized") {
    super(401, code, message);
  }
}

export class Forbidden extends DomainError<ErrorCodeWithStatus<403>> {
  constructor(message = "You do not have permission to do this", code: ErrorCodeWithStatus<403> = "forbidden") {
    super(403, code, message);
  }
}

export class NotFound extends DomainError<ErrorCodeWithStatus<404>> {
  constructor(entity: string, code: ErrorCodeWithStatus<404> = "not_found") {
    super(404, code, `${entity} not found`);
  }
}

export class Conflict extends DomainError<ErrorCodeWithStatus<409>> {
  constructor(message: string, code: ErrorCodeWithStatus<409> = "conflict", details?: Record<string, unknown>) {
    super(409, code, message, { details });
  }
}

export class Unprocessable extends DomainError<ErrorCodeWithStatus<422>> {
  constructor(message: string, code: ErrorCodeWithStatus<422> = "unprocessable", extra: DomainErrorExtra = {}) {
    super(422, code, message, extra);
  }

  /** One invalid field, named, so clients can point at it. */
  static field(name: string, reason: string, code: ErrorCodeWithStatus<422> = "invalid_field"): Unprocessable {
    return Unprocessable.fields([{ name, reason }], code);
  }

  /** Several invalid fields, each named, with one detail line listing them all. */
  static fields(problems: InvalidParam[], code: ErrorCodeWithStatus<422> = "invalid_field"): Unprocessable {
    return new Unprocessable(problems.map((problem) => `${problem.name}: ${problem.reason}`).join("; "), code, { invalidParams: problems });
  }
}

export class PayloadTooLarge extends DomainError<"payload_too_large"> {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `Request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaType extends DomainError<"unsupported_media_type"> {
  constructor(message = "Request body must be application/json") {
    super(415, "unsupported_media_type", message);
  }
}

export class TooManyRequests extends DomainError<"rate_limited"> {
  constructor(retryAfterSeconds: number) {
    super(429, "rate_limited", "Too many requests; retry later", {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }
}

export class ServiceUnavailable extends DomainError<ErrorCodeWithStatus<503>> {
  constructor(message = "The database is unavailable; retry shortly", code: ErrorCodeWithStatus<503> = "database_unavailable", retryAfterSeconds = 5) {
    super(503, code, message, { headers: { "Retry-After": String(retryAfterSeconds) } });
  }
}

/** Zod issues as named fields (`body.payload.title`), unknown keys listed one by one. */
export function zodIssuesToInvalidParams(location: string, error: z.ZodError): InvalidParam[] {
  return error.issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].join(".");
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ name: `${base}.${key}`, reason: "Unknown field" }));
    return [{ name: base, reason: issue.message }];
  });
}
