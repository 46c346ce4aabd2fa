import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch, toApiError } from "./client";

/** How many records of each kind ("agents", "issues", "comments", …), as the export and import endpoints count them. */
export type EntityCounts = Record<string, number>;

export type ExportPreview = { counts: EntityCounts; warnings: string[] };

export type ImportTarget = { mode: "new_company"; name?: string; issuePrefix?: string } | { mode: "existing_company" };

/** A bundle as the import endpoints take it: parsed JSON, or a gzipped file's bytes in base64 (smaller to upload). */
export type ImportSource = { bundle: unknown } | { bundleGzipBase64: string };

/** Something in the bundle that clashes with the target, and how the import resolves it (renumbered, mapped, skipped). */
export type ImportConflict = { entity: string; key: string; message: string };

export type ImportFormat = "switchboard" | "paperclip";

export type ImportPreview = {
  format: ImportFormat;
  /** The target as the import would make it: the new company's name and prefix are resolved (a free variant if taken). */
  target: { mode: ImportTarget["mode"]; companyId: string | null; name: string; issuePrefix: string };
  /** `alreadyImported`: this very bundle was applied to the target before, so applying creates nothing. */
  plan: { create: EntityCounts; existing: EntityCounts; conflicts: ImportConflict[]; alreadyImported: boolean };
  warnings: string[];
};

/** A webhook trigger's new signing secret: the import makes new ones and this answer is the only time they are shown. */
export type ImportedWebhookSecret = { routineId: string; triggerId: string; publicId: string; signingMode: string; secret: string; webhookUrl: string };

export type ImportResult = {
  companyId: string;
  importId: string;
  format: ImportFormat;
  created: EntityCounts;
  skipped: EntityCounts;
  webhookSecrets: ImportedWebhookSecret[];
  warnings: string[];
};

/** Bytes moved so far and the whole size when the other side said it. */
export type TransferProgress = { loaded: number; total: number | null };

export type ImportRequest = { source: ImportSource; target: ImportTarget; onUpload?: (progress: TransferProgress) => void };

export const portabilityKeys = {
  all: ["portability"] as const,
  exportPreview: (companyId: string) => [...portabilityKeys.all, "export-preview", companyId] as const,
};

const companyPath = (companyId: string, rest: string) => `/api/companies/${encodeURIComponent(companyId)}/${rest}`;

/** What an export of the company would hold, and what it leaves out (scrubbed secrets and the like). */
export function useExportPreview(companyId: string, enabled: boolean) {
  return useQuery({
    queryKey: portabilityKeys.exportPreview(companyId),
    queryFn: ({ signal }) => apiFetch<ExportPreview>(companyPath(companyId, "exports/preview"), { method: "POST", body: {}, signal }),
    enabled,
  });
}

/** `ACME-2026-12-04.switchboard.json` (or `.json.gz`): the company's prefix and the day, in the caller's calendar. */
export function exportFileName(issuePrefix: string, gzip: boolean, at = new Date()): string {
  const day = [at.getFullYear(), String(at.getMonth() + 1).padStart(2, "0"), String(at.getDate()).padStart(2, "0")].join("-");
  return `${issuePrefix}-${day}.switchboard.json${gzip ? ".gz" : ""}`;
}

/**
 * Downloads the company's export as a Blob, streaming the body so `onProgress` can report the bytes received (the total
 * only when the server sent Content-Length; a gzipped or chunked body may not).
 */
export async function fetchCompanyExport(
  companyId: string,
  { gzip, signal, onProgress }: { gzip: boolean; signal?: AbortSignal; onProgress: (progress: TransferProgress) => void },
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(companyPath(companyId, "exports"), {
      method: "POST",
      headers: { "content-type": "application/json", accept: gzip ? "application/gzip, application/json" : "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ gzip }),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }
  if (!response.ok) throw await toApiError(response);
  const length = Number(response.headers.get("content-length"));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = response.headers.get("content-type") ?? (gzip ? "application/gzip" : "application/json");
  if (!response.body) return new Blob([await response.arrayBuffer()], { type });
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  onProgress({ loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ loaded, total });
  }
  return new Blob(chunks, { type });
}

/**
 * POSTs JSON through XMLHttpRequest rather than fetch, because only XHR reports upload progress; a failure becomes the
 * same ApiError apiFetch throws.
 */
function postJsonWithUploadProgress<T>(path: string, body: unknown, onUpload?: (progress: TransferProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.withCredentials = true;
    request.setRequestHeader("content-type", "application/json");
    request.setRequestHeader("accept", "application/json");
    const payload = JSON.stringify(body);
    const size = new Blob([payload]).size;
    request.upload.onprogress = (event) => onUpload?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : size });
    // A small body may finish without a progress event; its end still tells the caller the server now has it all.
    request.upload.onload = () => onUpload?.({ loaded: size, total: size });
    request.onerror = () => reject(new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again."));
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        try {
          resolve((request.responseText ? JSON.parse(request.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(request.status, "invalid_response", "The server answered with something that is not JSON."));
        }
        return;
      }
      const headers = new Headers();
      const requestId = request.getResponseHeader("x-request-id");
      if (requestId) headers.set("x-request-id", requestId);
      void toApiError(new Response(request.responseText, { status: request.status, statusText: request.statusText, headers })).then(reject);
    };
    request.send(payload);
  });
}

const importBody = ({ source, target }: ImportRequest) => ({ ...source, target });

/** What importing the bundle would create, find already there, or conflict with; changes nothing. */
export function useImportPreview(companyId: string) {
  return useMutation({
    mutationFn: (request: ImportRequest) =>
      postJsonWithUploadProgress<ImportPreview>(companyPath(companyId, "imports/preview"), importBody(request), request.onUpload),
  });
}

/**
 * Applies the import. It may create a company and records of every kind, so every cached query refetches, the company
 * lists and the caller's memberships included.
 */
export function useApplyImport(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ImportRequest) =>
      postJsonWithUploadProgress<ImportResult>(companyPath(companyId, "imports/apply"), importBody(request), request.onUpload),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
}
