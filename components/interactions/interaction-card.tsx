"use client";

import { useId } from "react";
import { DocumentView, documentName } from "@/components/documents/document-view";
import type { People } from "@/components/issues/people";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { errorMessage } from "@/lib/queries/client";
import type { HeldAction } from "@/lib/queries/issues";
import { useMe } from "@/lib/queries/me";
import { useResolveInteraction } from "@/lib/queries/plans";
import type { CheckboxConfirmationPayload, ConfirmationPayload, Interaction, IssueDocument, QuestionsPayload, SuggestTasksPayload } from "@/lib/queries/types";
import { CheckboxConfirmationBody } from "./checkbox-confirmation";
import { ConfirmationActions } from "./confirmation-actions";
import { QuestionsForm, QuestionsAnswers } from "./questions";
import { SuggestedTasksBody } from "./suggested-tasks";

export { ConfirmationActions };

type Result = {
  outcome?: string;
  reason?: string | null;
  expirationReason?: string;
  cancellationReason?: string | null;
  rejectionReason?: string | null;
} | null;

const DEFAULT_TITLES: Record<string, string> = {
  request_confirmation: "Confirmation requested",
  request_checkbox_confirmation: "Confirmation requested",
  suggest_tasks: "Suggested tasks",
  ask_user_questions: "Questions",
};

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
      return why === "withdrawn" ? { label: "Withdrawn", tone: "neutral" } : { label: "Cancelled", tone: "neutral" };
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
 * A confirmation, checklist, set of questions or suggested tasks in the thread. Pending ones carry their controls for
 * board users (and Withdraw for the one who asked); decided ones say what happened, who decided and when, and keep the
 * reason given.
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
  const titleId = useId();
  const reason = result?.reason ?? result?.cancellationReason ?? result?.rejectionReason;

  return (
    <li
      aria-labelledby={titleId}
      id={`interaction-${interaction.id}`}
      data-interaction-id={interaction.id}
      className="scroll-mt-4 rounded-lg border border-violet-200 bg-violet-50/40 px-4 py-3 dark:border-violet-900/60 dark:bg-violet-950/20"
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span id={titleId} className="font-medium text-zinc-900 dark:text-zinc-100">
          {interaction.title || DEFAULT_TITLES[interaction.kind] || "Interaction"}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">
          {author} · <Time value={interaction.createdAt} relative />
        </span>
        <Badge tone={outcome.tone} className="ml-auto">
          <span data-testid="interaction-outcome">{outcome.label}</span>
        </Badge>
      </div>
      {interaction.summary ? <Markdown className="mb-2 text-zinc-700 dark:text-zinc-300">{interaction.summary}</Markdown> : null}
      {interaction.kind === "suggest_tasks" ? (
        <SuggestedTasksBody interaction={interaction} payload={interaction.payload as SuggestTasksPayload} issueId={issueId} people={people} canAct={canAct} />
      ) : interaction.kind === "request_checkbox_confirmation" ? (
        <CheckboxConfirmationBody
          interaction={interaction}
          payload={interaction.payload as CheckboxConfirmationPayload}
          issueId={issueId}
          canAct={canAct}
          held={held}
        />
      ) : interaction.kind === "request_confirmation" ? (
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
          {reason ? <span className="mt-1 block text-sm whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">“{reason}”</span> : null}
        </p>
      ) : canAct ? (
        <WithdrawButton interaction={interaction} issueId={issueId} />
      ) : null}
    </li>
  );
}

/** The board user who asked may take a pending question back; it then shows as withdrawn. */
function WithdrawButton({ interaction, issueId }: { interaction: Interaction; issueId: string }) {
  const me = useMe();
  const resolve = useResolveInteraction(issueId, interaction.id);
  if (!interaction.createdByUserId || me.data?.userId !== interaction.createdByUserId) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-violet-200/70 pt-2 dark:border-violet-900/50">
      <Button size="sm" variant="ghost" pending={resolve.isPending} onClick={() => resolve.mutate({ type: "withdraw" })}>
        Withdraw
      </Button>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">You asked this; withdrawing closes it without an answer.</span>
      {resolve.error ? (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-400">
          {errorMessage(resolve.error)}
        </p>
      ) : null}
    </div>
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
