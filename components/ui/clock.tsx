"use client";

import { createContext, useContext, useSyncExternalStore } from "react";

const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

// One shared clock for every time on the page, ticking only while something shows one.
function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
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

function readNow() {
  // The clock stood still while nothing showed a time; catch up (at most once a tick, so the snapshot stays stable).
  if (!timer && Date.now() - now >= TICK_MS) now = Date.now();
  return now;
}

/**
 * The browser's clock, kept current every 30 seconds; null during the server render and hydration. Text derived from
 * the clock or the browser's time zone must not be rendered from it before hydration ends (React error #418).
 */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, readNow, () => null);
}

const noSubscription = () => () => {};

/** False during the server render and hydration, true after: for output that depends on the browser (its time zone). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

const RenderTimeContext = createContext<number | null>(null);

/**
 * The moment the server rendered the page, shared by the server render and hydration so both write the same relative
 * times ("5 min ago"); the browser's own clock takes over right after hydration.
 */
export function RenderTimeProvider({ at, children }: { at: number; children: React.ReactNode }) {
  return <RenderTimeContext.Provider value={at}>{children}</RenderTimeContext.Provider>;
}

/** The clock to render relative times against: the server's render time until hydration ends, then the browser's. */
export function useRenderNow(): { now: number | null; hydrated: boolean } {
  const clientNow = useNow();
  const renderedAt = useContext(RenderTimeContext);
  return { now: clientNow ?? renderedAt, hydrated: clientNow !== null };
}
