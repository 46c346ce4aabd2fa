"use client";

import { IssueRef } from "@/components/issues/labels";
import { Section } from "@/components/ui/page-header";
import { ErrorState, LoadingText } from "@/components/ui/states";
import { useAgentCurrentThought } from "@/lib/queries/thoughts";
import { ClampedText } from "./clamped-text";
import { LiveTime } from "./live-time";

/** The agent's newest thought and the task it was about; updated by the `agent.thought` live event. */
export function AgentCurrentThought({ agentId, agentName }: { agentId: string; agentName: string }) {
  const thought = useAgentCurrentThought(agentId);
  return (
    <Section title="Current thought" description="What the agent last said it is thinking, from its thinking tool.">
      {thought.isPending ? (
        <LoadingText>Loading thought…</LoadingText>
      ) : thought.isError ? (
        <ErrorState error={thought.error} onRetry={() => void thought.refetch()} title="Couldn't load the agent's thought" />
      ) : thought.data ? (
        <article aria-label="Current thought" aria-live="polite" className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <ClampedText key={thought.data.id} text={thought.data.text} />
          <p className="mt-2 flex flex-wrap items-center gap-x-1 text-xs text-zinc-500 dark:text-zinc-400">
            {thought.data.issueIdentifier ? (
              <>
                on <IssueRef identifier={thought.data.issueIdentifier} />
              </>
            ) : (
              <span>not about a task</span>
            )}
            <span aria-hidden>·</span>
            <LiveTime value={thought.data.createdAt} />
          </p>
        </article>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{agentName} hasn&apos;t shared a thought yet.</p>
      )}
    </Section>
  );
}
