"use client";

import Link from "next/link";
import { Badge, humanize, type Tone } from "@/components/ui/badge";
import { useRenderNow } from "@/components/ui/clock";
import { Time } from "@/components/ui/format";
import { QueryList } from "@/components/ui/states";
import { useRuns, type Run } from "@/lib/queries/runs";
import { runTitle } from "./labels";

const STATUS_TONE: Record<string, Tone> = { running: "blue", queued: "neutral", succeeded: "green", failed: "red", timed_out: "amber", cancelled: "neutral" };

export function RunStatus({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{humanize(status)}</Badge>;
}

export function runDuration(run: Pick<Run, "startedAt" | "finishedAt">, now = Date.now()): string {
  if (!run.startedAt) return "—";
  const ms = (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt);
  return ms < 1_000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1_000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** How long a run took, or has taken so far while it goes (kept current, hydration-safe like Time). */
export function RunDuration({ run }: { run: Pick<Run, "startedAt" | "finishedAt"> }) {
  const { now } = useRenderNow();
  if (!run.finishedAt && now === null) return <>—</>;
  return <>{runDuration(run, now ?? undefined)}</>;
}

export function runTokens(run: Pick<Run, "usage">): string {
  const usage = run.usage as { inputTokens?: number; outputTokens?: number } | null;
  return usage ? `${(usage.inputTokens ?? 0).toLocaleString()} in · ${(usage.outputTokens ?? 0).toLocaleString()} out` : "—";
}

/** Recent scheduler runs (an agent's, or an issue's): reason, status, when, how long, tokens; each opens its run page. */
export function RunList({ companyId, agentId, issueId, empty }: { companyId: string; agentId?: string; issueId?: string; empty: string }) {
  const runs = useRuns(companyId, { agentId, issueId });
  return (
    <QueryList query={runs} what="runs" rows={2} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>}>
      {(items) => (
        <ol className="divide-y divide-zinc-200 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800" aria-label="Runs">
          {items.map((run) => (
            <li key={run.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <RunStatus status={run.status} />
              <Link href={`/runs/${run.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
                {runTitle(run)}
              </Link>
              <span className="text-xs text-zinc-500">
                <Time value={run.createdAt} relative /> · <RunDuration run={run} /> · {runTokens(run)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </QueryList>
  );
}
