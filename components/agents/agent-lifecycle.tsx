"use client";

import Link from "next/link";
import { useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type LifecycleAction, useAgentLifecycle, usePendingHireApproval } from "@/lib/queries/agent-lifecycle";
import { errorMessage } from "@/lib/queries/client";
import type { Agent } from "@/lib/queries/types";

/**
 * Pause or resume (operators) and terminate (owners, after a confirmation, since it is final). A terminated agent has
 * no actions; a pending hire is decided on its approval, so it can only be terminated here.
 */
export function AgentLifecycleActions({ agent }: { agent: Agent }) {
  const { canAct, canAdmin } = useCompanyPermissions(agent.companyId);
  const lifecycle = useAgentLifecycle(agent.id);
  const [confirming, setConfirming] = useState(false);
  if (!canAct || agent.status === "terminated") return null;
  const paused = agent.status === "paused";
  const pending = agent.status === "pending_approval";
  const run = (action: LifecycleAction) => lifecycle.mutate(action, { onSuccess: () => setConfirming(false) });
  const running = (action: LifecycleAction) => lifecycle.isPending && lifecycle.variables === action;
  const failure = lifecycle.error && !confirming ? errorMessage(lifecycle.error) : null;

  return (
    <>
      {pending ? null : (
        <Button
          pending={running(paused ? "resume" : "pause")}
          disabled={lifecycle.isPending}
          title={paused ? "Back to idle: the wakes that waited are delivered" : "No run starts and wakes wait until resumed; a run going is cancelled"}
          onClick={() => run(paused ? "resume" : "pause")}
        >
          {paused ? "Resume" : "Pause"}
        </Button>
      )}
      {canAdmin ? (
        <Button
          variant="danger"
          disabled={lifecycle.isPending}
          onClick={() => {
            lifecycle.reset();
            setConfirming(true);
          }}
        >
          Terminate
        </Button>
      ) : null}
      {failure ? (
        <span role="alert" className="self-center text-xs text-red-600 dark:text-red-400">
          {failure}
        </span>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Terminate ${agent.name}?`}
        description={
          pending
            ? "The hire is dropped: its approval is cancelled and the agent never starts. This cannot be undone."
            : "Its keys stop working, its waiting wakes are cancelled and a run going is stopped. This cannot be undone: terminated agents cannot be resumed."
        }
        confirmLabel="Terminate"
        pending={running("terminate")}
        error={confirming && lifecycle.error ? errorMessage(lifecycle.error) : null}
        onConfirm={() => run("terminate")}
        onCancel={() => {
          lifecycle.reset();
          setConfirming(false);
        }}
      />
    </>
  );
}

/** Shown while the agent's hire awaits the board, with the way to the approval that decides it. */
export function PendingHireNotice({ agent }: { agent: Agent }) {
  const pending = agent.status === "pending_approval";
  const { approval, isPending } = usePendingHireApproval(agent.companyId, agent.id, pending);
  if (!pending) return null;
  return (
    <p
      role="status"
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
    >
      This hire is waiting for board approval; the agent starts no runs and its keys do not work until it is approved.{" "}
      {approval ? (
        <Link href={`/approvals/${approval.id}`} className="font-medium underline underline-offset-2">
          Open the hire approval
        </Link>
      ) : isPending ? (
        "Looking for its approval…"
      ) : (
        "No open approval names it; terminate it or file a hire again."
      )}
    </p>
  );
}
