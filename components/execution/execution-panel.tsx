"use client";

import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { useBoard } from "@/components/board/board-context";
import { SettlingNote } from "@/components/issues/held-actions";
import { type People, principalName } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Textarea, fieldProps } from "@/components/ui/form";
import { Section } from "@/components/ui/page-header";
import { errorMessage } from "@/lib/queries/client";
import { type HeldAction, useUpdateIssue } from "@/lib/queries/issues";
import type { ExecutionPolicy, ExecutionState, IssueDetail } from "@/lib/queries/types";
// The editor is only needed once someone opens it, so it stays out of the issue page's first-load JavaScript.
const PolicyEditorDialog = dynamic(() => import("./policy-editor").then((module) => module.PolicyEditorDialog), { ssr: false });

type StageStatus = "done" | "current" | "changes" | "upcoming";

function stageStatus(stageId: string, state: ExecutionState | null): StageStatus {
  if (state?.completedStageIds.includes(stageId)) return "done";
  if (state?.currentStageId === stageId && state.status === "pending") return "current";
  if (state?.currentStageId === stageId && state.status === "changes_requested") return "changes";
  return "upcoming";
}

const STAGE_STYLE: Record<StageStatus, { dot: string; label: string }> = {
  done: { dot: "bg-emerald-500", label: "Passed" },
  current: { dot: "bg-blue-500 ring-4 ring-blue-500/20", label: "In progress" },
  changes: { dot: "bg-amber-500", label: "Changes requested" },
  upcoming: { dot: "bg-zinc-300 dark:bg-zinc-700", label: "Not started" },
};

/** Whether the signed-in user is the participant the current stage waits for. */
function useMyTurn(issue: IssueDetail) {
  const { user } = useBoard();
  const state = issue.executionState as ExecutionState | null;
  return state?.status === "pending" && state.currentParticipant?.type === "user" && state.currentParticipant.userId === user.id;
}

/**
 * The signed-in reviewer's or approver's Approve / Request changes, for the issue page's main column (above the
 * thread, where the work is read); nothing when it is not their turn.
 */
export function ReviewDecision({ issue, canAct }: { issue: IssueDetail; canAct: boolean }) {
  const myTurn = useMyTurn(issue);
  if (!myTurn || !canAct) return null;
  const policy = issue.executionPolicy as ExecutionPolicy | null;
  const state = issue.executionState as ExecutionState | null;
  return (
    <div id="review-decision" className="mt-4 scroll-mt-4">
      <DecisionControls
        issue={issue}
        commentRequired={policy?.commentRequired ?? true}
        stageType={state?.currentStageType ?? "review"}
        held={issue.heldActions.find((held) => held.kind === "issue_update") ?? null}
      />
    </div>
  );
}

/**
 * Review and approval stages on the issue: where the work stands (a progress rail of stages with the current
 * participant), a pointer to the decision controls when it is the signed-in user's turn, and the policy editor.
 */
export function ExecutionPanel({ issue, people, canAct }: { issue: IssueDetail; people: People; canAct: boolean }) {
  const [editing, setEditing] = useState(false);
  const policy = issue.executionPolicy as ExecutionPolicy | null;
  const state = issue.executionState as ExecutionState | null;
  const myTurn = useMyTurn(issue);

  return (
    <div id="review-stages" className="mt-8 scroll-mt-4">
      <Section
        title="Review stages"
        actions={
          canAct ? (
            <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
              {policy ? "Edit stages" : "Add stages"}
            </Button>
          ) : null
        }
      >
        {policy ? (
          <ol className="space-y-2" aria-label="Execution stages">
            {policy.stages.map((stage, index) => {
              const status = stageStatus(stage.id, state);
              return (
                <li key={stage.id} className="flex items-start gap-2 text-sm" data-stage-status={status}>
                  <span aria-hidden className={cn("mt-1.5 size-2 shrink-0 rounded-full", STAGE_STYLE[status].dot)} />
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <span className="font-medium capitalize">
                        {index + 1}. {stage.type}
                      </span>
                      <Badge tone={status === "done" ? "green" : status === "current" ? "blue" : status === "changes" ? "amber" : "neutral"}>
                        {STAGE_STYLE[status].label}
                      </Badge>
                    </div>
                    <p className="text-xs text-zinc-500 dark:text-zinc-400">
                      {status === "current"
                        ? `Waiting for ${principalName(state?.currentParticipant, people)}`
                        : stage.participants.map((participant) => principalName(participant, people)).join(", ")}
                      {stage.approvalsNeeded > 1 ? ` · ${stage.approvalsNeeded} approvals needed` : ""}
                    </p>
                  </div>
                </li>
              );
            })}
            {state?.returnAssignee ? (
              <li className="text-xs text-zinc-500 dark:text-zinc-400">Executor: {principalName(state.returnAssignee, people)}</li>
            ) : null}
          </ol>
        ) : (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No review stages: the assignee can close the issue directly.</p>
        )}
        {myTurn && canAct ? (
          <p className="mt-3 text-xs">
            <a href="#review-decision" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-400">
              Your {state?.currentStageType === "approval" ? "approval" : "review"} is needed — decide above the thread
            </a>
          </p>
        ) : null}
        {canAct && editing ? <PolicyEditorDialog open={editing} onClose={() => setEditing(false)} issue={issue} people={people} /> : null}
      </Section>
    </div>
  );
}

/**
 * Approve (status done) or request changes (back to the executor) — both with the comment the agent will read. An
 * approval the server holds while the issue's workspace finalizes (202) shows as waiting, not as an error.
 */
export function DecisionControls({
  issue,
  commentRequired,
  stageType,
  held = null,
}: {
  issue: Pick<IssueDetail, "id">;
  commentRequired: boolean;
  stageType: string;
  held?: HeldAction | null;
}) {
  const id = useId();
  const update = useUpdateIssue(issue.id);
  const [comment, setComment] = useState("");
  const [choice, setChoice] = useState<"done" | "in_progress" | null>(null);
  const error = update.error ? errorMessage(update.error) : undefined;
  const waiting = held ?? update.data?.held ?? null;
  if (waiting) {
    return (
      <div className="mt-4">
        <SettlingNote held={waiting} what={`The ${stageType === "approval" ? "approval" : "review"} decision`} />
      </div>
    );
  }
  const decide = (status: "done" | "in_progress") => {
    setChoice(status);
    update.mutate({ status, comment: comment.trim() || undefined }, { onSuccess: () => setComment("") });
  };
  const approveNeedsComment = commentRequired && !comment.trim();
  return (
    <form
      className="mt-4 space-y-2 rounded-md border border-blue-200 bg-blue-50/50 p-3 dark:border-blue-900/60 dark:bg-blue-950/20"
      onSubmit={(event) => event.preventDefault()}
    >
      <p className="text-sm font-medium">Your {stageType === "approval" ? "approval" : "review"} is needed</p>
      <Field id={`${id}-comment`} label="Decision comment" error={error} hint={commentRequired ? "Required. The executor reads it." : "The executor reads it."}>
        <Textarea
          {...fieldProps(`${id}-comment`, error, true)}
          rows={3}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={100_000}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="primary"
          pending={update.isPending && choice === "done"}
          disabled={update.isPending || approveNeedsComment}
          onClick={() => decide("done")}
        >
          Approve
        </Button>
        <Button
          variant="secondary"
          pending={update.isPending && choice === "in_progress"}
          disabled={update.isPending || !comment.trim()}
          onClick={() => decide("in_progress")}
        >
          Request changes
        </Button>
      </div>
    </form>
  );
}
