import { LiveTime } from "@/components/thoughts/live-time";
import type { FileMark } from "@/lib/queries/marks";

/** A marked path: monospace, wrapping anywhere so a deep path never widens the column, in full on hover. */
export function MarkPath({ path }: { path: string }) {
  return (
    <code title={path} className="font-mono text-xs break-all text-zinc-900 dark:text-zinc-100">
      {path}
    </code>
  );
}

/** The line under a path: what else the row needs to say (agent, task), the reason, and since when. */
export function MarkDetails({ mark, children }: { mark: FileMark; children?: React.ReactNode }) {
  return (
    <>
      <p className="mt-0.5 flex flex-wrap items-center gap-x-1 text-xs text-zinc-500 dark:text-zinc-400">
        {children}
        <span>
          since <LiveTime value={mark.createdAt} />
        </span>
      </p>
      {mark.reason ? <p className="mt-0.5 text-xs break-words whitespace-pre-wrap text-zinc-600 dark:text-zinc-300">{mark.reason}</p> : null}
    </>
  );
}

export const markListClass = "divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800";
