"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

const noticeClass = "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/30 dark:text-red-200";

/**
 * A workspace whose close failed says so first: above its tabs on its page (with the way to the failing step), at the
 * top of its card in lists. Its stale checkout and services stay until a retry succeeds.
 */
export function CleanupFailedNotice({ onShowLogs, workspaceId, className }: { onShowLogs?: () => void; workspaceId?: string; className?: string }) {
  const logs = onShowLogs ? (
    <Button size="sm" variant="ghost" className="h-auto px-1 py-0 font-medium text-red-900 underline underline-offset-2 dark:text-red-200" onClick={onShowLogs}>
      Open Runtime logs
    </Button>
  ) : workspaceId ? (
    <Link href={`/workspaces/${workspaceId}?tab=runtime-logs`} className="font-medium underline underline-offset-2">
      Runtime logs
    </Link>
  ) : null;
  return (
    <div role="alert" data-testid="cleanup-failed" className={cn(noticeClass, className)}>
      <p className="font-medium">Closing this workspace failed.</p>
      <p className="mt-0.5 text-xs">
        Its checkout and services are still here. Read the failed step in {logs ?? "Runtime logs"}, fix its cause, then Retry close.
      </p>
    </div>
  );
}
