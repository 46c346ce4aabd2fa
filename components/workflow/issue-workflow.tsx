"use client";

import type { People } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { ErrorState } from "@/components/ui/states";
import { useAttachments, type Attachment } from "@/lib/queries/workflow";
import type { IssueDetail } from "@/lib/queries/types";

function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return ms > 0 ? "under a minute" : "none";
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}

/** Where the issue is in its workflow: state, phase and the time spent in timed states. */
export function WorkflowPanel({ issue }: { issue: IssueDetail }) {
  const perState = Object.entries(issue.stateTimeMs ?? {});
  return (
    <Section title="Workflow">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm">
        <dt className="text-zinc-500">State</dt>
        <dd>{issue.workflowState ?? issue.status}</dd>
        <dt className="text-zinc-500">Phase</dt>
        <dd>{issue.phase ?? "—"}</dd>
        <dt className="text-zinc-500">Time worked</dt>
        <dd title={perState.map(([state, ms]) => `${state}: ${formatDuration(ms)}`).join("\n") || undefined}>{formatDuration(issue.timeActualMs)}</dd>
      </dl>
    </Section>
  );
}

/** Evidence attached to the issue, grouped by type; diffs are shown as diffs. Hidden while there is none. */
export function IssueAttachments({ issueId, people }: { issueId: string; people: People }) {
  const attachments = useAttachments(issueId);
  if (attachments.isError) return <ErrorState error={attachments.error} onRetry={() => void attachments.refetch()} title="Couldn't load attachments" />;
  if (!attachments.data?.length) return null;
  const groups = new Map<string, Attachment[]>();
  for (const attachment of attachments.data) groups.set(attachment.type, [...(groups.get(attachment.type) ?? []), attachment]);
  return (
    <Section title="Attachments">
      <div className="space-y-4">
        {[...groups].map(([type, items]) => (
          <section key={type} aria-label={`${type} attachments`}>
            <h3 className="mb-1.5 flex items-center gap-2 text-xs font-medium text-zinc-500">
              <Badge>{type}</Badge> {items.length > 1 ? `${items.length} entries` : null}
            </h3>
            <ol className="space-y-2">
              {items.map((attachment) => (
                <li key={attachment.id} className="rounded-md border border-zinc-200 dark:border-zinc-800">
                  <p className="border-b border-zinc-200 px-3 py-1 text-xs text-zinc-500 dark:border-zinc-800">
                    {people.authorName(attachment.createdByAgentId, attachment.createdByUserId, "Someone")} · <Time value={attachment.createdAt} relative /> ·{" "}
                    {attachment.mime}
                  </p>
                  {attachment.mime === "text/x-diff" ? (
                    <DiffText text={attachment.content} />
                  ) : (
                    <pre className="overflow-x-auto px-3 py-2 text-xs whitespace-pre-wrap">{attachment.content}</pre>
                  )}
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </Section>
  );
}

/** A unified diff, each line coloured by what it does. */
function DiffText({ text }: { text: string }) {
  return (
    <pre className="overflow-x-auto py-1 font-mono text-xs">
      {text.split("\n").map((line, index) => (
        <div
          key={index}
          className={cn(
            "px-3",
            line.startsWith("+") && !line.startsWith("+++") && "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300",
            line.startsWith("-") && !line.startsWith("---") && "bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-300",
            line.startsWith("@@") && "text-blue-700 dark:text-blue-400",
          )}
        >
          {line || " "}
        </div>
      ))}
    </pre>
  );
}
