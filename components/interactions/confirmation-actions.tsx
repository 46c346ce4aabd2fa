"use client";

import { useId, useState } from "react";
import { SettlingNote } from "@/components/issues/held-actions";
import { Button } from "@/components/ui/button";
import { Field, Textarea, fieldProps } from "@/components/ui/form";
import { errorMessage } from "@/lib/queries/client";
import type { HeldAction } from "@/lib/queries/issues";
import { useResolveInteraction, type InteractionAction } from "@/lib/queries/plans";
import type { ConfirmationPayload, Interaction } from "@/lib/queries/types";

/**
 * Accept, or reject with a reason. An acceptance the server holds while the issue's workspace finalizes (202) is shown as
 * waiting, not as an error, and the buttons stay away until it is applied.
 */
export function ConfirmationActions({
  interaction,
  payload,
  issueId,
  held = null,
  accept = { type: "accept" },
  acceptLabel,
  acceptDisabled = false,
}: {
  interaction: Interaction;
  payload: Pick<ConfirmationPayload, "acceptLabel" | "rejectLabel" | "rejectRequiresReason" | "rejectReasonLabel" | "declineReasonPlaceholder">;
  issueId: string;
  held?: HeldAction | null;
  /** What accepting sends: the ticked boxes or selected tasks of the card. */
  accept?: Extract<InteractionAction, { type: "accept" }>;
  acceptLabel?: string;
  acceptDisabled?: boolean;
}) {
  const id = useId();
  const resolve = useResolveInteraction(issueId, interaction.id);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const reasonRequired = payload.rejectRequiresReason === true;
  const error = resolve.error ? errorMessage(resolve.error) : undefined;
  const rejectLabel = payload.rejectLabel || "Reject";
  const waiting = held ?? resolve.data?.held ?? null;

  if (waiting) return <SettlingNote held={waiting} what="The acceptance" />;

  function submitReject(event?: React.FormEvent) {
    event?.preventDefault();
    if (reasonRequired && !reason.trim()) return;
    resolve.mutate({ type: "reject", reason: reason.trim() || undefined });
  }

  if (rejecting) {
    return (
      <form onSubmit={submitReject} className="space-y-2" noValidate>
        <Field
          id={`${id}-reason`}
          label={payload.rejectReasonLabel || (reasonRequired ? "What should change? (required)" : "What should change? (optional)")}
          error={error}
        >
          <Textarea
            {...fieldProps(`${id}-reason`, error)}
            autoFocus
            rows={3}
            maxLength={4000}
            value={reason}
            required={reasonRequired}
            placeholder={payload.declineReasonPlaceholder ?? "The agent reads this when it wakes up."}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setRejecting(false);
              if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) submitReject(event);
            }}
          />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" variant="danger" pending={resolve.isPending} disabled={reasonRequired && !reason.trim()}>
            {rejectLabel}
          </Button>
          <Button variant="ghost" onClick={() => setRejecting(false)}>
            Back
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="primary"
          pending={resolve.isPending && resolve.variables?.type === "accept"}
          disabled={acceptDisabled}
          onClick={() => resolve.mutate(accept)}
        >
          {acceptLabel || payload.acceptLabel || "Accept"}
        </Button>
        <Button variant="secondary" disabled={resolve.isPending} onClick={() => setRejecting(true)}>
          {rejectLabel}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
