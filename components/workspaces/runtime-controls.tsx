"use client";

import { useIsMutating } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { errorMessage } from "@/lib/queries/client";
import { type RuntimeAction, type RuntimeActionResult, type WorkspaceTarget, runtimeMutationKey, useRuntimeAction } from "@/lib/queries/workspaces";

export type Feedback = { tone: "success" | "error"; text: string } | null;

const SERVICE_DONE: Record<string, string> = {
  start: "Workspace service started.",
  stop: "Workspace service stopped.",
  restart: "Workspace service restarted.",
};

/** What to tell the user after an action the server accepted: its own failure (an exited job, a port in use) counts as one. */
function feedbackFor({ action }: Omit<RuntimeAction, "workspaceCommandId">, result: RuntimeActionResult): Feedback {
  const failed = result.operations.find((operation) => operation.status === "failed") ?? (result.operation?.status === "failed" ? result.operation : null);
  if (failed) return { tone: "error", text: failed.error || failed.stderrExcerpt || "The command failed; see Runtime logs." };
  if (action === "run") return { tone: "success", text: result.operation?.status === "running" ? "Workspace job started." : "Workspace job completed." };
  return { tone: "success", text: SERVICE_DONE[action] ?? "Done." };
}

/**
 * Runtime actions on one command (or on every service when `workspaceCommandId` is omitted): which action is in
 * flight, whether any overlapping action is (so duplicates are held back), and what the last one said.
 */
export function useRuntimeControls(target: WorkspaceTarget, workspaceCommandId?: string) {
  const mutation = useRuntimeAction(target, workspaceCommandId);
  const [feedback, setFeedback] = useState<Feedback>(null);
  // An action on every service overlaps each command's; an action on one command overlaps "every service".
  const onAll = useIsMutating({ mutationKey: runtimeMutationKey(target) });
  const onThis = useIsMutating({ mutationKey: runtimeMutationKey(target, workspaceCommandId) });
  const onAny = useIsMutating({ mutationKey: ["workspace-runtime", target.id] });
  const busy = workspaceCommandId ? onAll + onThis > 0 : onAny > 0;
  const run = (variables: Omit<RuntimeAction, "workspaceCommandId">) => {
    if (busy) return;
    setFeedback(null);
    mutation.mutate(variables, {
      onSuccess: (result) => setFeedback(feedbackFor(variables, result)),
      onError: (error) => setFeedback({ tone: "error", text: errorMessage(error) }),
    });
  };
  return { run, busy, pendingAction: mutation.isPending ? mutation.variables?.action : undefined, feedback };
}

export function FeedbackText({ feedback, className }: { feedback: Feedback; className?: string }) {
  if (!feedback) return null;
  return feedback.tone === "error" ? (
    <p role="alert" className={cn("text-xs break-words text-red-600 dark:text-red-400", className)}>
      {feedback.text}
    </p>
  ) : (
    <p role="status" className={cn("text-xs text-emerald-700 dark:text-emerald-400", className)}>
      {feedback.text}
    </p>
  );
}

/**
 * Start / Stop / Restart for every service of a workspace: the header's quick controls, and the cards' single
 * Start services / Stop services button (`compact`).
 */
export function ServiceQuickControls({
  target,
  disabledReason,
  running,
  services,
  compact,
}: {
  target: WorkspaceTarget;
  /** Why the controls can't be used (no working directory, no runtime config, archived), shown as their title. */
  disabledReason: string | null;
  /** How many services are running now, to pick the compact button's action. */
  running: number;
  /** How many services the runtime config defines: Start is the primary action only while some of them are not running. */
  services?: number;
  compact?: boolean;
}) {
  const canStartSome = services === undefined ? running === 0 : running < services;
  const controls = useRuntimeControls(target);
  const disabled = disabledReason !== null || controls.busy;
  const button = (action: "start" | "stop" | "restart", label: string, variant: "primary" | "secondary" = "secondary") => (
    <Button
      key={action}
      size="sm"
      variant={variant}
      disabled={disabled}
      pending={controls.pendingAction === action}
      title={disabledReason ?? undefined}
      aria-label={label}
      onClick={() => controls.run({ scope: "services", action })}
    >
      {label}
    </Button>
  );
  return (
    <div className={cn("flex flex-col gap-1", compact ? "items-start" : "items-end")}>
      <div className="flex flex-wrap items-center gap-1.5">
        {compact ? (
          running > 0 ? (
            button("stop", "Stop services")
          ) : (
            button("start", "Start services")
          )
        ) : (
          <>
            {button("start", "Start services", canStartSome ? "primary" : "secondary")}
            {button("stop", "Stop services")}
            {button("restart", "Restart services")}
          </>
        )}
      </div>
      <FeedbackText feedback={controls.feedback} className={compact ? undefined : "max-w-xs text-right"} />
    </div>
  );
}
