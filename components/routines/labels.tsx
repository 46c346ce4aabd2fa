"use client";

import Link from "next/link";
import { Badge, type Tone, humanize } from "@/components/ui/badge";
import { useHydrated, useRenderNow } from "@/components/ui/clock";
import { formatDateTime } from "@/components/ui/format";
import type { CatchUpPolicy, ConcurrencyPolicy, LinkedIssue, RoutineRun, RoutineTrigger, RunSource, RunStatus } from "@/lib/queries/routines";
import { describeCron } from "@/lib/routines/cron";

/** The concurrency policies in plain words, in the order the form offers them. */
export const CONCURRENCY_WORDS: Record<ConcurrencyPolicy, string> = {
  skip_if_active: "Skip while the last issue is open",
  always_enqueue: "Always create",
  coalesce_if_active: "Coalesce into the open issue",
};

export const CATCH_UP_WORDS: Record<CatchUpPolicy, string> = {
  skip_missed: "Skip slots missed while the server was down",
  enqueue_missed_with_cap: "Catch up missed slots (capped)",
};

const RUN_TONES: Record<RunStatus, Tone> = { received: "blue", issue_created: "green", skipped: "neutral", coalesced: "violet", failed: "red" };

/** The run's outcome; the raw status rides along as data-status so tests and scripts can read it exactly. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span data-status={status}>
      <Badge tone={RUN_TONES[status] ?? "neutral"}>{status === "issue_created" ? "Issue created" : humanize(status)}</Badge>
    </span>
  );
}

const SOURCE_WORDS: Record<RunSource, string> = { schedule: "Schedule", webhook: "Webhook", manual: "Manual", api: "API" };
export const sourceLabel = (source: RunSource) => SOURCE_WORDS[source] ?? humanize(source);

/** "At 09:00 on Monday–Friday (Europe/Berlin)". */
export function scheduleWords(trigger: Pick<RoutineTrigger, "cronExpression" | "timezone">): string {
  if (!trigger.cronExpression) return "No schedule";
  return `${describeCron(trigger.cronExpression)} (${trigger.timezone ?? "UTC"})`;
}

/** What one trigger is, in a few words: its schedule, or the kind of outside call that fires it. */
export function triggerSummary(trigger: RoutineTrigger): string {
  if (trigger.kind === "schedule") return scheduleWords(trigger);
  if (trigger.kind === "webhook") return "Webhook";
  return "API call";
}

/** The routine's schedules in words; "Manual only" when nothing fires it by itself. */
export function RoutineSchedule({ triggers }: { triggers: RoutineTrigger[] }) {
  const schedules = triggers.filter((trigger) => trigger.kind === "schedule" && trigger.enabled);
  const webhooks = triggers.filter((trigger) => trigger.kind === "webhook" && trigger.enabled).length;
  if (!schedules.length) return <span className="text-zinc-500 dark:text-zinc-400">{webhooks ? "On webhook" : "Manual only"}</span>;
  return (
    <span className="flex flex-col">
      {schedules.map((trigger) => (
        <span key={trigger.id} data-testid="routine-schedule">
          {scheduleWords(trigger)}
        </span>
      ))}
      {webhooks ? <span className="text-xs text-zinc-500 dark:text-zinc-400">and on webhook</span> : null}
    </span>
  );
}

/** The earliest upcoming fire among the enabled schedules. */
export function nextRunAt(triggers: RoutineTrigger[]): string | null {
  const upcoming = triggers
    .filter((trigger) => trigger.enabled && trigger.nextRunAt)
    .map((trigger) => trigger.nextRunAt as string)
    .sort();
  return upcoming[0] ?? null;
}

/** "in 5 min", "in 3 h", "in 2 d", or "overdue" once the moment has passed without a fire. */
export function formatUntil(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (seconds < -60) return "overdue";
  if (seconds < 45) return "now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} d`;
}

/** A future moment: relative ("in 5 min"), with the exact time on hover; before hydration, the exact UTC time. */
export function Until({ value, empty = "—" }: { value: string | null; empty?: string }) {
  const { now, hydrated } = useRenderNow();
  if (!value) return <span className="text-zinc-400 dark:text-zinc-500">{empty}</span>;
  const exact = formatDateTime(value, !hydrated);
  return (
    <time dateTime={value} title={exact} className="whitespace-nowrap">
      {now === null ? exact : formatUntil(value, now)}
    </time>
  );
}

/** A link to an issue a run created, by its identifier, with its title on hover. */
export function IssueLink({ issue }: { issue: LinkedIssue }) {
  return (
    <Link
      href={`/issues/${encodeURIComponent(issue.identifier)}`}
      title={issue.title}
      className="rounded-sm font-mono text-xs font-medium text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
    >
      {issue.identifier}
    </Link>
  );
}

/** The last run's outcome and the issue it made, or "Never run". */
export function LastRun({ run }: { run: RoutineRun | null }) {
  if (!run) return <span className="text-zinc-400 dark:text-zinc-500">Never run</span>;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <RunStatusBadge status={run.status} />
      {run.linkedIssue ? <IssueLink issue={run.linkedIssue} /> : null}
    </span>
  );
}

/** A webhook's fire URL, made absolute with the board's own origin when the server did not know its public address. */
export function WebhookUrl({ url, className }: { url: string; className?: string }) {
  const hydrated = useHydrated();
  return <code className={className ?? "font-mono text-xs break-all"}>{hydrated && url.startsWith("/") ? `${window.location.origin}${url}` : url}</code>;
}
