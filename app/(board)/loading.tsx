/** Shown while a board page's server shell renders. */
export default function BoardLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading…</span>
      <div className="mb-2 h-6 w-40 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="mb-6 h-4 w-64 rounded bg-zinc-100 dark:bg-zinc-800/70" />
      <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        {[0, 1, 2].map((row) => (
          <div key={row} className="h-4 rounded bg-zinc-100 dark:bg-zinc-800/60" />
        ))}
      </div>
    </div>
  );
}
