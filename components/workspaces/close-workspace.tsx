"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form";
import { LoadingText } from "@/components/ui/states";
import { errorMessage, isApiError } from "@/lib/queries/client";
import { type CloseReadiness, useCloseReadiness, useUpdateExecutionWorkspace } from "@/lib/queries/workspaces";
import { type Feedback, FeedbackText } from "./runtime-controls";

/**
 * "Close workspace" (or "Retry close" after a failed one): shows what closing would stop, run and lose, then archives.
 * The close runs on the server before it answers, so the outcome — archived or cleanup failed — is known at once.
 */
export function CloseWorkspaceButton({ workspaceId, name, status, size = "md" }: { workspaceId: string; name: string; status: string; size?: "sm" | "md" }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<Feedback>(null);
  const close = useUpdateExecutionWorkspace(workspaceId);
  if (status === "archived" && !result) return null;
  const label = status === "cleanup_failed" ? "Retry close" : "Close workspace";
  return (
    <div className="flex flex-col items-end gap-1">
      {status === "archived" ? null : (
        <Button
          size={size}
          variant="secondary"
          className="text-red-700 dark:text-red-400"
          aria-label={`${label} ${name}`}
          onClick={() => {
            close.reset();
            setResult(null);
            setOpen(true);
          }}
        >
          {label}
        </Button>
      )}
      <FeedbackText feedback={result} className="max-w-xs text-right" />
      <Dialog
        open={open}
        onClose={() => !close.isPending && setOpen(false)}
        title={status === "cleanup_failed" ? `Retry closing ${name}?` : `Close ${name}?`}
        description="Running services stop, the cleanup command and then the teardown command run, and the worktree is removed. Uncommitted work in it is lost."
        className="max-w-lg"
      >
        <Readiness workspaceId={workspaceId} />
        <FormError>{close.error ? closeError(close.error) : null}</FormError>
        <DialogFooter>
          <Button onClick={() => setOpen(false)} disabled={close.isPending}>
            Cancel
          </Button>
          <ConfirmClose
            workspaceId={workspaceId}
            label={label}
            pending={close.isPending}
            onConfirm={() =>
              close.mutate(
                { status: "archived" },
                {
                  onSuccess: (workspace) => {
                    setOpen(false);
                    setResult(
                      workspace.status === "archived"
                        ? { tone: "success", text: "Workspace closed and archived." }
                        : {
                            tone: "error",
                            text: "Close failed: the workspace is in cleanup failed. Check Runtime logs for the failing command, then Retry close.",
                          },
                    );
                  },
                },
              )
            }
          />
        </DialogFooter>
      </Dialog>
    </div>
  );
}

function closeError(error: unknown): string {
  if (isApiError(error) && error.code === "workspace_close_blocked") return `Closing is blocked: ${error.detail}`;
  return errorMessage(error);
}

/** The confirm button is held while readiness loads and refused while something blocks the close. */
function ConfirmClose({ workspaceId, label, pending, onConfirm }: { workspaceId: string; label: string; pending: boolean; onConfirm: () => void }) {
  const readiness = useCloseReadiness(workspaceId);
  const blocked = readiness.data?.state === "blocked";
  return (
    <Button variant="danger" onClick={onConfirm} pending={pending} disabled={readiness.isPending || blocked}>
      {label}
    </Button>
  );
}

function Readiness({ workspaceId }: { workspaceId: string }) {
  const readiness = useCloseReadiness(workspaceId);
  if (readiness.isPending) return <LoadingText>Checking what closing would do…</LoadingText>;
  if (readiness.isError) return <FormError>{`Couldn't check whether this workspace can close: ${errorMessage(readiness.error)}`}</FormError>;
  return <ReadinessDetails readiness={readiness.data} />;
}

function ReadinessDetails({ readiness }: { readiness: CloseReadiness }) {
  return (
    <div className="space-y-3 text-sm" aria-label="Close readiness">
      {readiness.blockingReasons.length ? (
        <List title="Blocked" tone="text-red-700 dark:text-red-400" items={readiness.blockingReasons} />
      ) : readiness.state === "ready" ? (
        <p className="text-emerald-700 dark:text-emerald-400">Ready to close; nothing will be lost.</p>
      ) : null}
      {readiness.warnings.length ? <List title="Warnings" tone="text-amber-800 dark:text-amber-300" items={readiness.warnings} /> : null}
      <div>
        <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">Planned actions</h3>
        <ol className="mt-1 list-decimal space-y-1 pl-5">
          {readiness.plannedActions.map((action) => (
            <li key={action.kind}>
              <span className="font-medium">{action.label}</span>
              {action.description ? <span className="text-zinc-500 dark:text-zinc-400"> — {action.description}</span> : null}
              {action.command ? <code className="mt-0.5 block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">{action.command}</code> : null}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

function List({ title, tone, items }: { title: string; tone: string; items: string[] }) {
  return (
    <div>
      <h3 className={`text-xs font-semibold ${tone}`}>{title}</h3>
      <ul className={`mt-1 list-disc space-y-0.5 pl-5 ${tone}`}>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
