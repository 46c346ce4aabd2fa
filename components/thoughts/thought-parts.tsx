import Link from "next/link";
import type { Thought } from "@/lib/queries/thoughts";

export const thoughtLinkClass =
  "rounded-sm font-medium text-zinc-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100";

/** The agent who had the thought, linking to its page; its name as the server knew it, or a neutral word once it is gone. */
export function ThoughtAgent({ thought }: { thought: Pick<Thought, "agentId" | "agentName"> }) {
  return (
    <Link href={`/agents/${thought.agentId}`} className={thoughtLinkClass}>
      {thought.agentName ?? "An agent"}
    </Link>
  );
}

/** The task a thought was about, by identifier. */
export function ThoughtTask({ identifier }: { identifier: string }) {
  return (
    <Link href={`/issues/${encodeURIComponent(identifier)}`} className={`${thoughtLinkClass} font-mono text-xs`}>
      {identifier}
    </Link>
  );
}

/** A pulsing dot while something is happening now; still (and announced as such) once it isn't. */
export function LiveDot({ live }: { live: boolean }) {
  return (
    <span aria-hidden className="relative flex size-2">
      {live ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75 motion-reduce:animate-none" /> : null}
      <span className={`relative inline-flex size-2 rounded-full ${live ? "bg-emerald-500" : "bg-zinc-300 dark:bg-zinc-600"}`} />
    </span>
  );
}
