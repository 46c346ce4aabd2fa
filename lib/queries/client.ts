export type InvalidParam = { name: string; reason: string };

/** A failed API call, parsed from the server's problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly invalidParams: InvalidParam[];
  readonly requestId: string | null;
  /** The problem's machine-readable `details` (say the usage that makes an environment undeletable), when it has any. */
  readonly details: Record<string, unknown> | null;

  constructor(
    status: number,
    code: string,
    detail: string,
    invalidParams: InvalidParam[] = [],
    requestId: string | null = null,
    details: Record<string, unknown> | null = null,
  ) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.invalidParams = invalidParams;
    this.requestId = requestId;
    this.details = details;
  }

  /** Field errors keyed by the field name without its location (`body.email` → `email`). */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const param of this.invalidParams) {
      const name = param.name.replace(/^(body|query|params)\./, "");
      fields[name] ??= param.reason;
    }
    return fields;
  }
}

export type ApiInit = Omit<RequestInit, "body"> & { body?: unknown };

/**
 * Same-origin JSON fetch. Bodies are always sent as application/json because the server refuses cookie-authenticated
 * writes with any other content type.
 */
export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  return (await apiFetchWithHeaders<T>(path, init)).data;
}

/** apiFetch that also hands back the response headers, for lists that page through a header such as X-Next-Cursor. */
export async function apiFetchWithHeaders<T>(path: string, init: ApiInit = {}): Promise<{ data: T; headers: Headers }> {
  const { body, headers, ...rest } = init;
  const method = (rest.method ?? "GET").toUpperCase();
  const finalHeaders = new Headers(headers);
  finalHeaders.set("accept", "application/json");
  if (body !== undefined || method !== "GET") finalHeaders.set("content-type", "application/json");

  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      method,
      headers: finalHeaders,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return { data: undefined as T, headers: response.headers };
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

/** The ApiError a failed response carries, for callers that fetch without apiFetch (streamed downloads, uploads with progress). */
export async function toApiError(response: Response): Promise<ApiError> {
  const requestId = response.headers.get("x-request-id");
  try {
    const problem = (await response.json()) as { code?: unknown; detail?: unknown; error?: unknown; invalid_params?: unknown; details?: unknown };
    const detail = typeof problem.detail === "string" ? problem.detail : typeof problem.error === "string" ? problem.error : response.statusText;
    const invalidParams = Array.isArray(problem.invalid_params) ? (problem.invalid_params as InvalidParam[]) : [];
    const details =
      problem.details && typeof problem.details === "object" && !Array.isArray(problem.details) ? (problem.details as Record<string, unknown>) : null;
    return new ApiError(
      response.status,
      typeof problem.code === "string" ? problem.code : `http_${response.status}`,
      detail || `Request failed (${response.status})`,
      invalidParams,
      requestId,
      details,
    );
  } catch {
    return new ApiError(response.status, `http_${response.status}`, `Request failed (${response.status} ${response.statusText})`.trim(), [], requestId);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return "Something went wrong";
}
