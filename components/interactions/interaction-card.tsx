"use client";

import { useId, useState } from "react";
import { DocumentView, documentName } from "@/components/documents/document-view";
import type { People } from "@/components/issues/people";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Textarea, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { SettlingNote } from "@/components/issues/held-actions";
import { errorMessage } from "@/lib/queries/client";
import type { HeldAction } from "@/lib/queries/issues";
import { useResolveInteraction } from "@/lib/queries/plans";
import type { ConfirmationPayload, Interaction, IssueDocument, QuestionsPayload } from "@/lib/queries/types";
import { QuestionsForm, QuestionsAnswers } from "./questions";

type Result = { outcome?: string; reason?: string | null; expirationReason?: string; cancellationReason?: string | null } | null;

/** The badge a card wears: what happened to the question, in the board's words. */
function interactionOutcome(interaction: Pick<Interaction, "status" | "result">): { label: string; tone: Tone } {
  const result = interaction.result as Result;
  const why = result?.outcome ?? result?.expirationReason;
  switch (interaction.status) {
    case "pending":
      return { label: "Pending", tone: "amber" };
    case "accepted":
      return { label: "Accepted", tone: "green" };
    case "answered":
      return { label: "Answered", tone: "green" };
    case "rejected":
      return { label: "Rejected", tone: "red" };
    case "cancelled":
      return { label: "Cancelled", tone: "neutral" };
    default:
      return why === "superseded_by_comment"
        ? { label: "Superseded", tone: "neutral" }
        : why === "stale_target"
          ? { label: "Stale", tone: "neutral" }
          : { label: "Expired", tone: "neutral" };
  }
}

function resolvedLine(interaction: Interaction, people: People) {
  const result = interaction.result as Result;
  const why = result?.outcome ?? result?.expirationReason;
  if (interaction.status === "expired") {
    if (why === "superseded_by_comment") return "Superseded by a board comment";
    if (why === "stale_target") return "The document changed after this was asked";
    return "Expired when the issue closed";
  }
  const who = people.authorName(interaction.resolvedByAgentId, interaction.resolvedByUserId, "");
  return `${interactionOutcome(interaction).label}${who ? ` by ${who}` : ""}`;
}

/**
 * A confirmation or a set of questions in the thread. Pending ones carry their controls for board users; decided ones
 * say what happened, who decided and when, and keep the reason a rejection gave.
 */
export function InteractionCard({
  interaction,
  issueId,
  documents,
  people,
  canAct,
  held = null,
}: {
  interaction: Interaction;
  issueId: string;
  documents: IssueDocument[];
  people: People;
  canAct: boolean;
  /** An acceptance of this interaction waiting for the issue's workspace to settle. */
  held?: HeldAction | null;
}) {
  const outcome = interactionOutcome(interaction);
  const author = people.authorName(interaction.createdByAgentId, interaction.createdByUserId, "Someone");
  const result = interaction.result as Result;
  const isConfirmation = interaction.kind === "request_confirmation";
  const titleId = useId();

  return (
    <li
      aria-labelledby={titleId}
      id={`interaction-${interaction.id}`}
      data-interaction-id={interaction.id}
      className="scroll-mt-4 rounded-lg border border-violet-200 bg-violet-50/40 px-4 py-3 dark:border-violet-900/60 dark:bg-violet-950/20"
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span id={titleId} className="font-medium text-zinc-900 dark:text-zinc-100">
          {interaction.title || (isConfirmation ? "Confirmation requested" : "Questions")}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">
          {author} · <Time value={interaction.createdAt} relative />
        </span>
        <Badge tone={outcome.tone} className="ml-auto">
          <span data-testid="interaction-outcome">{outcome.label}</span>
        </Badge>
      </div>
      {interaction.summary ? <Markdown className="mb-2 text-zinc-700 dark:text-zinc-300">{interaction.summary}</Markdown> : null}
      {isConfirmation ? (
        <ConfirmationBody
          interaction={interaction}
          payload={interaction.payload as ConfirmationPayload}
          issueId={issueId}
          documents={documents}
          people={people}
          canAct={canAct}
          held={held}
        />
      ) : interaction.status === "pending" && canAct ? (
        <QuestionsForm interaction={interaction} payload={interaction.payload as QuestionsPayload} issueId={issueId} />
      ) : (
        <QuestionsAnswers payload={interaction.payload as QuestionsPayload} result={interaction.result} />
      )}
      {interaction.status !== "pending" ? (
        <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
          {resolvedLine(interaction, people)} · <Time value={interaction.resolvedAt ?? interaction.updatedAt} relative />
          {result?.reason || result?.cancellationReason ? (
            <span className="mt-1 block text-sm whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">“{result.reason ?? result.cancellationReason}”</span>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}

function ConfirmationBody({
  interaction,
  payload,
  issueId,
  documents,
  people,
  canAct,
  held,
}: {
  interaction: Interaction;
  payload: ConfirmationPayload;
  issueId: string;
  documents: IssueDocument[];
  people: People;
  canAct: boolean;
  held: HeldAction | null;
}) {
  const target = payload.target;
  const document = target?.type === "issue_document" ? documents.find((candidate) => candidate.key === target.key) : undefined;
  return (
    <div className="space-y-3">
      <Markdown className="font-medium text-zinc-900 dark:text-zinc-100">{payload.prompt}</Markdown>
      {target?.type === "issue_document" ? (
        <p className="text-xs">
          <a href={`#document-${target.key}`} className="text-blue-700 underline underline-offset-2 dark:text-blue-400">
            {document ? documentName(document) : target.label || target.key} · revision {target.revisionNumber ?? "?"}
          </a>
        </p>
      ) : target?.type === "custom" ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{target.label || target.key}</p>
      ) : null}
      {payload.detailsMarkdown ? <Markdown>{payload.detailsMarkdown}</Markdown> : null}
      {/* The document is shown here only while it waits for the decision; the Documents section has it otherwise. */}
      {target?.type === "issue_document" && interaction.status === "pending" ? (
        document ? (
          <DocumentView document={document} revisionNumber={target.revisionNumber ?? undefined} people={people} canRestore={false} />
        ) : (
          <p className="text-xs text-zinc-500">This document has been deleted.</p>
        )
      ) : null}
      {interaction.status === "pending" && canAct ? <ConfirmationActions interaction={interaction} payload={payload} issueId={issueId} held={held} /> : null}
    </div>
  );
}

/**
 * Accept, or reject with a reason. An acceptance the server holds while the issue's workspace finalizes (202) is shown as
 * waiting, not as an error, and the buttons stay away until it is applied.
 */
export function ConfirmationActions({
  interaction,
  payload,
  issueId,
  held = null,
}: {
  interaction: Interaction;
  payload: ConfirmationPayload;
  issueId: string;
  held?: HeldAction | null;
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
        <Button variant="primary" pending={resolve.isPending && resolve.variables?.type === "accept"} onClick={() => resolve.mutate({ type: "accept" })}>
          {payload.acceptLabel || "Accept"}
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
