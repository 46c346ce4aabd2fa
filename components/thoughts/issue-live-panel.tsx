"use client";

import { AgentRef } from "@/components/issues/labels";
import { ErrorState } from "@/components/ui/states";
import { useIssueThoughts } from "@/lib/queries/thoughts";
import type { IssueDetail } from "@/lib/queries/types";
import { ClampedText } from "./clamped-text";
import { LiveTime } from "./live-time";
import { LiveDot } from "./thought-parts";

/**
 * What the agent working the issue is thinking now (its newest thought for the issue), with the ten before it folded
 * away. Absent until the issue's first thought; updated by the `agent.thought` live event.
 */
export function IssueLivePanel({ issue }: { issue: Pick<IssueDetail, "id" | "status"> }) {
  const thoughts = useIssueThoughts(issue.id);
  if (thoughts.isError) {
    return (
      <section aria-label="Live" className="mt-8 first:mt-0">
        <ErrorState error={thoughts.error} onRetry={() => void thoughts.refetch()} title="Couldn't load the agent's thoughts" />
      </section>
    );
  }
  const [current, ...earlier] = thoughts.data ?? [];
  if (!current) return null;
  // A thought is "current" only while the issue is being worked; after that it is the last one the agent had.
  const working = issue.status === "in_progress";
  return (
    <section aria-labelledby={`live-${issue.id}`} className="mt-8 first:mt-0" data-testid="issue-live-panel">
      <h2 id={`live-${issue.id}`} className="mb-3 flex items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        <LiveDot live={working} />
        Live
      </h2>
      <article
        aria-label="Current thought"
        className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60"
        aria-live="polite"
      >
        <p className="mb-1.5 flex flex-wrap items-center gap-x-1 text-xs text-zinc-500 dark:text-zinc-400">
          <AgentRef agentId={current.agentId} name={current.agentName} />
          <span>
            {working ? "thinking" : "last thought"} · <LiveTime value={current.createdAt} />
          </span>
        </p>
        <ClampedText key={current.id} text={current.text} />
      </article>
      {earlier.length ? (
        <details className="group mt-2">
          <summary className="cursor-pointer rounded-sm text-xs font-medium text-zinc-600 select-none hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-400 dark:hover:text-zinc-100">
            Earlier thoughts ({earlier.length})
          </summary>
          <ol aria-label="Earlier thoughts" className="mt-2 space-y-3 border-l border-zinc-200 pl-3 dark:border-zinc-800">
            {earlier.map((thought) => (
              <li key={thought.id}>
                <p className="flex flex-wrap items-center gap-x-1 text-xs text-zinc-500 dark:text-zinc-400">
                  <AgentRef agentId={thought.agentId} name={thought.agentName} /> · <LiveTime value={thought.createdAt} />
                </p>
                <ClampedText text={thought.text} lines={3} className="mt-0.5" />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
