"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useBoard, useCompanyPermissions } from "@/components/board/board-context";
import { Button } from "@/components/ui/button";
import { Checkbox, FormError } from "@/components/ui/form";
import { LoadingList, ErrorState } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { exportFileName, fetchCompanyExport, type TransferProgress, useExportPreview } from "@/lib/queries/portability";
import { Panel, TransferStatus, WarningList, entityLabel, formatBytes } from "./progress";

type Download =
  | { phase: "idle" }
  | { phase: "downloading"; progress: TransferProgress | null }
  | { phase: "done"; fileName: string; sizeBytes: number }
  | { phase: "error"; error: unknown };

/**
 * Export: what the bundle will hold (counts and warnings from exports/preview), gzip or not, and a download with its
 * progress. Owners only, since the bundle carries every issue, comment and agent configuration of the company.
 */
export function ExportPanel({ companyId }: { companyId: string }) {
  const { canAdmin } = useCompanyPermissions(companyId);
  const company = useBoard().companies.find((candidate) => candidate.id === companyId);
  const preview = useExportPreview(companyId, canAdmin);
  const [gzip, setGzip] = useState(true);
  const [download, setDownload] = useState<Download>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const gzipId = useId();
  const whyId = useId();

  // Leaving the tab mid-download stops the transfer rather than saving a file nobody waits for.
  useEffect(() => () => abort.current?.abort(), []);

  async function start() {
    const controller = new AbortController();
    abort.current = controller;
    setDownload({ phase: "downloading", progress: null });
    try {
      const blob = await fetchCompanyExport(companyId, {
        gzip,
        signal: controller.signal,
        onProgress: (progress) => setDownload({ phase: "downloading", progress }),
      });
      const fileName = exportFileName(company?.issuePrefix ?? "company", gzip);
      saveBlob(blob, fileName);
      setDownload({ phase: "done", fileName, sizeBytes: blob.size });
    } catch (error) {
      setDownload(controller.signal.aborted ? { phase: "idle" } : { phase: "error", error });
    } finally {
      abort.current = null;
    }
  }

  const counts = Object.entries(preview.data?.counts ?? {});
  return (
    <Panel>
      <div>
        <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Export</h3>
        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
          One file with {company?.name ?? "the company"}&apos;s agents, goals, projects, issues with their threads, documents, approvals, workflow, routines and
          skills. Agent keys and secrets never leave.
        </p>
      </div>
      {!canAdmin ? (
        <p id={whyId} className="text-sm text-zinc-600 dark:text-zinc-400">
          Only the company&apos;s owners can export it: the file holds every issue, comment and agent configuration.
        </p>
      ) : preview.isPending ? (
        <LoadingList rows={2} label="Counting what the export holds…" />
      ) : preview.isError ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} title="Couldn't count what the export holds" />
      ) : (
        <>
          <dl aria-label="What the export holds" className="grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-3 lg:grid-cols-4">
            {counts.map(([entity, count]) => (
              <div
                key={entity}
                className="flex items-baseline justify-between gap-2 rounded-md bg-zinc-50 px-2.5 py-1.5 dark:bg-zinc-900/60"
                data-entity={entity}
              >
                <dt className="text-zinc-600 dark:text-zinc-400">{entityLabel(entity)}</dt>
                <dd className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{count}</dd>
              </div>
            ))}
          </dl>
          <WarningList warnings={preview.data.warnings} label="Left out or changed in the export" />
        </>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <label htmlFor={gzipId} className="inline-flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <Checkbox id={gzipId} checked={gzip} disabled={!canAdmin || download.phase === "downloading"} onChange={(event) => setGzip(event.target.checked)} />
          Compress (gzip)
        </label>
        <Button
          variant="primary"
          disabled={!canAdmin}
          pending={download.phase === "downloading"}
          aria-describedby={canAdmin ? undefined : whyId}
          onClick={() => void start()}
        >
          Download export
        </Button>
        {download.phase === "downloading" ? (
          <Button variant="ghost" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        ) : null}
      </div>
      {download.phase === "downloading" ? (
        <TransferStatus
          label={download.progress && download.progress.loaded > 0 ? "Downloading the export…" : "Preparing the export…"}
          progress={download.progress}
        />
      ) : download.phase === "done" ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Saved {download.fileName} ({formatBytes(download.sizeBytes)}).
        </p>
      ) : download.phase === "error" ? (
        <FormError>Couldn&apos;t export: {errorMessage(download.error)}</FormError>
      ) : null}
    </Panel>
  );
}

/** Hands a Blob to the browser as a download under `fileName`, then lets the object URL go. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click starts the download synchronously; revoking on the next tick keeps Safari from cancelling it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
