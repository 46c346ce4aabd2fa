"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

const CLAMPS = { 3: "line-clamp-3", 4: "line-clamp-4", 6: "line-clamp-6" } as const;

/**
 * Agent-written text as plain text (never markup), clamped to `lines` with "Show more" when it runs longer. Key it by
 * the record it shows, so a new text starts clamped again.
 */
export function ClampedText({ text, lines = 4, className }: { text: string; lines?: keyof typeof CLAMPS; className?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || expanded) return;
    const measure = () => setOverflowing(element.scrollHeight > element.clientHeight + 1);
    measure();
    // The sidebar narrows and widens with the window; whether the text fits changes with it.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [text, expanded]);
  return (
    <div className={className}>
      <p ref={ref} className={cn("text-sm leading-relaxed break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200", !expanded && CLAMPS[lines])}>
        {text}
      </p>
      {overflowing || expanded ? (
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => setExpanded((open) => !open)}
          className="mt-1 rounded-sm text-xs font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-400"
        >
          {expanded ? "Show less" : "Show more"}
        </button>
      ) : null}
    </div>
  );
}
