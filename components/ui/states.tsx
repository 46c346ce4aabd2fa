"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { errorMessage, isApiError } from "@/lib/queries/client";
import { Button, ButtonLink } from "./button";
import { cn } from "./cn";

/** Placeholder rows while a list loads; announced once to screen readers. */
export function LoadingList({ rows = 3, label = "Loading…" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex animate-pulse items-center gap-3">
          <div className="h-4 w-1/4 rounded bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-4 w-1/6 rounded bg-zinc-100 dark:bg-zinc-800/70" />
          <div className="h-4 flex-1 rounded bg-zinc-100 dark:bg-zinc-800/50" />
        </div>
      ))}
    </div>
  );
}

export function LoadingText({ children = "Loading…" }: { children?: React.ReactNode }) {
  return (
    <p role="status" className="text-sm text-zinc-500 dark:text-zinc-400">
      {children}
    </p>
  );
}

/** A failed load: the server's problem detail and a way to try again. */
export function ErrorState({ error, onRetry, title = "Couldn't load this" }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <div
      role="alert"
      className="flex items-start justify-between gap-4 rounded-lg border border-red-200 bg-red-50 px-4 py-3 dark:border-red-900/60 dark:bg-red-950/30"
    >
      <div className="min-w-0">
        <p className="text-sm font-medium text-red-800 dark:text-red-300">{title}</p>
        <p className="mt-0.5 text-sm break-words text-red-700 dark:text-red-400">{errorMessage(error)}</p>
      </div>
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
}: {
  icon?: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center rounded-lg border border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700", className)}>
      {icon ? <div className="mb-3 text-zinc-400 dark:text-zinc-500">{icon}</div> : null}
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
      {description ? <div className="mt-1 max-w-sm text-sm text-zinc-500 dark:text-zinc-400">{description}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

/** A list query while it loads, when it fails and when it is empty; `children` renders its rows once there are some. */
/** What QueryList needs of a query: a react-query result, or several combined (`useCombinedQuery`). */
export type ListQueryState<T> = { isPending: boolean; isError: boolean; error: unknown; data: T[] | undefined; refetch: () => unknown };

export function QueryList<T>({
  query,
  what,
  rows,
  empty,
  children,
}: {
  query: ListQueryState<T>;
  /** What the list holds, in the plural: "Loading agents…", "Couldn't load agents". */
  what: string;
  /** Placeholder rows while loading. */
  rows?: number;
  empty: React.ReactNode;
  children: (items: T[]) => React.ReactNode;
}) {
  if (query.isPending) return <LoadingList rows={rows} label={`Loading ${what}…`} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} title={`Couldn't load ${what}`} />;
  const items = query.data ?? [];
  if (items.length === 0) return empty;
  return children(items);
}

/**
 * One record's query: placeholder rows while it loads, "not found" with a way back to `list` when the server says there
 * is no such record (404, or 400 for an id that can't be one), the problem detail with a retry for any other failure,
 * then `children`.
 */
export function QueryDetail<T>({
  query,
  what,
  icon,
  list,
  children,
}: {
  query: UseQueryResult<T>;
  /** The record, in the singular: "Loading agent…", "Couldn't load this agent". */
  what: string;
  icon: React.ReactNode;
  list: { href: string; label: string };
  children: (record: T) => React.ReactNode;
}) {
  if (query.isPending) return <LoadingList rows={4} label={`Loading ${what}…`} />;
  if (query.isError) {
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)) {
      return (
        <EmptyState
          icon={icon}
          title={`${what.charAt(0).toUpperCase()}${what.slice(1)} not found`}
          description="It may have been deleted, or it belongs to a company you can't see."
          action={<ButtonLink href={list.href}>Back to {list.label}</ButtonLink>}
        />
      );
    }
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} title={`Couldn't load this ${what}`} />;
  }
  return children(query.data);
}
