"use client";

import { Time } from "@/components/ui/format";

/**
 * "just now", "2 min ago", kept current as time passes, with the absolute time on hover. A time ahead of the shared
 * clock (written since its last tick, or by a server whose clock runs ahead) reads "just now" rather than a date.
 * Hydration-safe: see Time.
 */
export function LiveTime({ value, className }: { value: string; className?: string }) {
  return <Time value={value} relative className={className} />;
}
