import type { z } from "zod";

// Typed domain errors. Domain code throws these; lib/api/problem.ts maps them to HTTP once.

export type InvalidParam = { name: string; reason: string };

export class DomainError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: Record<string, unknown>;
  readonly invalidParams?: InvalidParam[];
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { details?: Record<string, unknown>; invalidParams?: InvalidParam[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = extra.details;
    this.invalidParams = extra.invalidParams;
    this.headers = extra.headers;
  }
}

export class BadRequest extends DomainError {
  constructor(message: string, code = "bad_request", extra: ConstructorParameters<typeof DomainError>[3] = {}) {
    super(400, code, message, extra);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = "Authentication required", code = "unauthorized") {
    super(401, code, message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = "You do not have permission to do this", code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFound extends DomainError {
  constructor(entity: string, code = "not_found") {
    super(404, code, `${entity} not found`);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, code = "conflict", details?: Record<string, unknown>) {
    super(409, code, message, { details });
  }
}

export class Unprocessable extends DomainError {
  constructor(message: string, code = "unprocessable", extra: ConstructorParameters<typeof DomainError>[3] = {}) {
    super(422, code, message, extra);
  }

  /** One invalid field, named, so clients can point at it. */
  static field(name: string, reason: string, code = "invalid_field"): Unprocessable {
    return new Unprocessable(`${name}: ${reason}`, code, { invalidParams: [{ name, reason }] });
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `Request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(message = "Request body must be application/json") {
    super(415, "unsupported_media_type", message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, "rate_limited", "Too many requests; retry later", {
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(message = "The database is unavailable; retry shortly", code = "database_unavailable", retryAfterSeconds = 5) {
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

