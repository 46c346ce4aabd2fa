"use client";

import { Button, ButtonLink } from "@/components/ui/button";

/** Catches unexpected render errors inside the board; the sidebar stays usable. */
export default function BoardError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 dark:border-red-900/60 dark:bg-red-950/30">
      <h1 className="text-sm font-semibold text-red-800 dark:text-red-300">Something went wrong on this page</h1>
      <p className="mt-1 text-sm text-red-700 dark:text-red-400">
        Try again; if it keeps happening, share this reference with your admin{digest ? `: ${digest}` : "."}
      </p>
      <div className="mt-3 flex gap-2">
        <Button size="sm" onClick={() => retry()}>
          Retry
        </Button>
        <ButtonLink size="sm" variant="ghost" href="/agents">
          Go to Agents
        </ButtonLink>
      </div>
    </div>
  );
}
