"use client";

import { useId, useState } from "react";
import type { People } from "@/components/issues/people";
import { Button } from "@/components/ui/button";
import { Field, Textarea, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { errorMessage } from "@/lib/queries/client";
import { type ApprovalDecision as Decision, useDecideApproval } from "@/lib/queries/approvals";
import type { Approval } from "@/lib/queries/types";
import { ApprovalStatusBadge } from "./labels";

const DECISIONS: { decision: Decision; label: string; variant: "primary" | "secondary" | "danger" }[] = [
  { decision: "approve", label: "Approve", variant: "primary" },
  { decision: "request-revision", label: "Request revision", variant: "secondary" },
  { decision: "reject", label: "Reject", variant: "danger" },
];

/** Open approvals take a decision with an optional note (the requester reads it when woken); decided ones show it. */
export function ApprovalDecision({ approval, people, canAct }: { approval: Approval; people: People; canAct: boolean }) {
  const id = useId();
  const decide = useDecideApproval(approval.id);
  const [note, setNote] = useState("");
  const open = approval.status === "pending" || approval.status === "revision_requested";
  const error = decide.error ? errorMessage(decide.error) : undefined;

  return (
    <>
      {approval.decidedAt ? (
        <div className="mb-4 space-y-1 text-sm">
          <p>
            <ApprovalStatusBadge status={approval.status} /> by {approval.decidedByUserId ? people.userName(approval.decidedByUserId) : "the board"}{" "}
            <Time value={approval.decidedAt} relative />
          </p>
          {approval.decisionNote ? <p className="whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">“{approval.decisionNote}”</p> : null}
        </div>
      ) : null}
      {open && canAct ? (
        <form className="space-y-3" onSubmit={(event) => event.preventDefault()}>
          <Field id={`${id}-note`} label="Decision note (optional)" error={error} hint="The requesting agent receives it with the decision.">
            <Textarea {...fieldProps(`${id}-note`, error, true)} rows={3} maxLength={10_000} value={note} onChange={(event) => setNote(event.target.value)} />
          </Field>
          <div className="flex flex-wrap gap-2">
            {DECISIONS.filter((option) => option.decision !== "request-revision" || approval.status === "pending").map((option) => (
              <Button
                key={option.decision}
                variant={option.variant}
                pending={decide.isPending && decide.variables?.decision === option.decision}
                disabled={decide.isPending}
                onClick={() => decide.mutate({ decision: option.decision, decisionNote: note.trim() }, { onSuccess: () => setNote("") })}
              >
                {option.label}
              </Button>
            ))}
          </div>
        </form>
      ) : open ? (
        <p className="text-sm text-zinc-500">Waiting for a board decision. Viewers cannot decide.</p>
      ) : null}
    </>
  );
}
