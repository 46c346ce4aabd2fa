"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

/** `value`, once it has stopped changing for `delayMs`; for search boxes that query as you type. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

const storageListeners = new Set<() => void>();
// Writes the browser refused (private mode, storage full): they still hold for this page.
const unsavedValues = new Map<string, string>();

function subscribeStorage(listener: () => void) {
  storageListeners.add(listener);
  return () => {
    storageListeners.delete(listener);
  };
}

function readStored(key: string): string | null {
  const unsaved = unsavedValues.get(key);
  if (unsaved !== undefined) return unsaved;
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * A string remembered in localStorage under `key`, and a setter. The server render and hydration see null, the stored
 * value shows right after; every component reading the key updates on a write.
 */
export function useStoredString(key: string): [string | null, (value: string) => void] {
  const value = useSyncExternalStore(
    subscribeStorage,
    () => readStored(key),
    () => null,
  );
  const store = useCallback(
    (next: string) => {
      try {
        window.localStorage.setItem(key, next);
        unsavedValues.delete(key);
      } catch {
        unsavedValues.set(key, next);
      }
      for (const listener of storageListeners) listener();
    },
    [key],
  );
  return [value, store];
}

/** True while the user is typing somewhere, or a modal is open: page shortcuts must stay out of the way. */
function shortcutsOff(event: KeyboardEvent): boolean {
  if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return true;
  const target = event.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return true;
  // Enter and Space on a focused button or link keep their own meaning.
  if ((event.key === "Enter" || event.key === " ") && target?.closest("button, a, summary")) return true;
  return document.querySelector("dialog[open]") !== null;
}

/**
 * Single-key shortcuts for the page, ignored while typing in a field or with a dialog open. `keys` maps
 * `KeyboardEvent.key` values to handlers; a handled key doesn't also scroll the page or type into what it focuses.
 */
export function useShortcuts(keys: Record<string, () => void>) {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const handler = latest.current[event.key];
      if (!handler || shortcutsOff(event)) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}

/** A new idempotency key, or none where the page's origin gives no `crypto.randomUUID` (plain http beyond localhost). */
export function newIdempotencyKey(): string | undefined {
  return typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" ? crypto.randomUUID() : undefined;
}

/** A fresh idempotency key per mounted form, so a double submit or a retried request creates one record. */
export function useIdempotencyKey(): string | undefined {
  const [key] = useState(newIdempotencyKey);
  return key;
}

/**
 * Several queries shown as one list: pending while any is, failed if any failed (retry refetches the failed ones),
 * and combined once all have data.
 */
export function useCombinedQuery<const Q extends readonly UseQueryResult<unknown>[], R>(
  queries: Q,
  combine: (data: { [K in keyof Q]: NonNullable<Q[K]["data"]> }) => R[],
) {
  const failed = queries.find((query) => query.isError);
  const pending = queries.some((query) => query.isPending);
  return {
    isPending: pending && !failed,
    isError: Boolean(failed),
    error: failed?.error ?? null,
    data: pending || failed ? undefined : combine(queries.map((query) => query.data) as { [K in keyof Q]: NonNullable<Q[K]["data"]> }),
    refetch: () => Promise.all(queries.filter((query) => query.isError).map((query) => query.refetch())),
  };
}
