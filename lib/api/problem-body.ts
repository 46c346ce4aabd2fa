// The one shape of a problem+json body. It imports nothing server-only, so the HTTP server in front of Next
// (scripts/server.ts) answers its own refusals (431, bad paths, 405, shutdown) in the same shape as the routes.
import type { DomainError, InvalidParam } from "../errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

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
