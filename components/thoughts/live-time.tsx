"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime, formatRelative } from "@/components/ui/format";

const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

// One shared clock for every relative time on the page, running only while one is shown.
function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    // The clock stood still while nothing showed a time; catch up before the first render reads it.
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * "just now", "2 min ago", kept current as time passes, with the absolute time on hover. A time ahead of the shared
 * clock (written since its last tick, or by a server whose clock runs ahead) reads "just now" rather than a date.
 */
export function LiveTime({ value, className }: { value: string; className?: string }) {
  const current = useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );
  return (
    <time dateTime={value} title={formatDateTime(value)} className={className ?? "whitespace-nowrap"}>
      {formatRelative(value, Math.max(current, Date.parse(value)))}
    </time>
  );
}
