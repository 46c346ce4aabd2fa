"use client";

import { diffLines } from "diff";
import { cn } from "@/components/ui/cn";

/** A line diff between two revisions: removed lines red with "−", added green with "+". */
export function RevisionDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffLines(before, after);
  const changed = parts.some((part) => part.added || part.removed);
  return (
    <div role="region" aria-label={label} className="overflow-x-auto rounded-md border border-zinc-200 font-mono text-xs dark:border-zinc-800">
      {changed ? (
        parts.flatMap((part, index) =>
          part.value
            .replace(/\n$/, "")
            .split("\n")
            .map((line, lineIndex) => (
              <div
                key={`${index}-${lineIndex}`}
                data-change={part.added ? "added" : part.removed ? "removed" : "same"}
                className={cn(
                  "px-3 py-0.5 whitespace-pre-wrap",
                  part.added && "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300",
                  part.removed && "bg-red-50 text-red-800 line-through decoration-red-300 dark:bg-red-950/40 dark:text-red-300",
                )}
              >
                <span aria-hidden className="mr-2 inline-block w-3 select-none text-zinc-400">
                  {part.added ? "+" : part.removed ? "−" : " "}
                </span>
                {line || " "}
              </div>
            )),
        )
      ) : (
        <p className="px-3 py-2 text-zinc-500">No differences.</p>
      )}
    </div>
  );
}
