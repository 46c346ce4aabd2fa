"use client";

import { IssueRef } from "@/components/issues/labels";
import { Section } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/states";
import { type Thought, useRunThoughts } from "@/lib/queries/thoughts";
import { ClampedText } from "./clamped-text";
import { LiveTime } from "./live-time";

/** One thought as the agent had it: a thought about several tasks is stored once per task, and shown once here. */
type RunThought = { id: string; text: string; createdAt: string; identifiers: string[] };

function byMoment(thoughts: Thought[]): RunThought[] {
  const moments = new Map<string, RunThought>();
  for (const thought of thoughts) {
    const key = `${thought.createdAt}\u0000${thought.text}`;
    const moment = moments.get(key) ?? { id: thought.id, text: thought.text, createdAt: thought.createdAt, identifiers: [] };
    if (thought.issueIdentifier) moment.identifiers.push(thought.issueIdentifier);
    moments.set(key, moment);
  }
  return [...moments.values()];
}

/** The run's thoughts, oldest first: the history of what the agent was thinking as it worked. */
export function RunThoughts({ runId }: { runId: string }) {
  const thoughts = useRunThoughts(runId);
  const query = {
    isPending: thoughts.isPending,
    isError: thoughts.isError,
    error: thoughts.error,
    data: thoughts.data ? byMoment(thoughts.data) : undefined,
    refetch: thoughts.refetch,
  };
  return (
    <Section title="Thoughts" description="What the agent shared through its thinking tool during this run, oldest first.">
      <QueryList query={query} what="thoughts" rows={2} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No thoughts shared during this run.</p>}>
        {(items) => (
          <ol aria-label="Run thoughts" className="space-y-3 border-l border-zinc-200 pl-4 dark:border-zinc-800">
            {items.map((thought) => (
              <li key={thought.id} className="relative">
                <span
                  aria-hidden
                  className="absolute top-1.5 -left-[1.3rem] size-2 rounded-full bg-zinc-300 ring-2 ring-white dark:bg-zinc-600 dark:ring-zinc-950"
                />
                <p className="flex flex-wrap items-center gap-x-1 text-xs text-zinc-500 dark:text-zinc-400">
                  <LiveTime value={thought.createdAt} />
                  {thought.identifiers.map((identifier) => (
                    <span key={identifier} className="flex items-center gap-x-1">
                      <span aria-hidden>·</span>
                      <IssueRef identifier={identifier} />
                    </span>
                  ))}
                </p>
                <ClampedText text={thought.text} className="mt-0.5" />
              </li>
            ))}
          </ol>
        )}
      </QueryList>
    </Section>
  );
}
