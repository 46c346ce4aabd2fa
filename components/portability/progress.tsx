import { Spinner } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { TransferProgress } from "@/lib/queries/portability";

/** `1.4 MB`: sizes the way people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `planRevisions` / `plan_revisions` → `Plan revisions`. */
export function entityLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A transfer's progress: a bar with the bytes moved when the size is known, else a spinner with what is happening and
 * the bytes so far. Announced politely, so a screen reader hears the phase change without every byte.
 */
export function TransferStatus({ label, progress }: { label: string; progress: TransferProgress | null }) {
  const total = progress?.total ?? null;
  const loaded = progress?.loaded ?? 0;
  const percent = total ? Math.min(100, Math.round((loaded / total) * 100)) : null;
  return (
    <div className="space-y-1.5" role="status" aria-live="polite">
      <p className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
        {percent === null ? <Spinner className="text-zinc-500 dark:text-zinc-400" /> : null}
        <span>{label}</span>
        {progress && loaded > 0 ? (
          <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
            {total ? `${formatBytes(loaded)} of ${formatBytes(total)}` : `${formatBytes(loaded)} so far`}
          </span>
        ) : null}
      </p>
      {percent !== null ? (
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className={cn("h-full rounded-full bg-blue-600 transition-[width] dark:bg-blue-400")} style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </div>
  );
}

/** A labelled panel inside the tab, bordered like the settings forms beside it. */
export function Panel({ children, className }: { children: React.ReactNode; className?: string }) {
  return <div className={cn("space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800", className)}>{children}</div>;
}

/** Warnings the server wrote (scrubbed secrets, fields that do not map): its own sentences, shown as plain text. */
export function WarningList({ warnings, label }: { warnings: string[]; label: string }) {
  if (warnings.length === 0) return null;
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 dark:border-amber-900/60 dark:bg-amber-950/30">
      <p className="text-xs font-medium text-amber-900 dark:text-amber-300">{label}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-amber-800 dark:text-amber-300/90">
        {warnings.map((warning, index) => (
          <li key={index}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}
