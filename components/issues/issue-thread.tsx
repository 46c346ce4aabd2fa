"use client";

import { Badge } from "@/components/ui/badge";
import { CommentComposer } from "@/components/ui/comment-composer";
import { Time } from "@/components/ui/format";
import { BotIcon, LogoIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import type { EnvironmentConflict } from "@/lib/queries/environments";
import { useAddComment, useIssueComments } from "@/lib/queries/issues";
import { useIssueApprovals } from "@/lib/queries/approvals";
import { useInteractions } from "@/lib/queries/plans";
import { useExecutionDecisions } from "@/lib/queries/needs-me";
import type { Approval, ExecutionDecision, Interaction, IssueComment, IssueDetail, IssueDocument } from "@/lib/queries/types";
import { ApprovalThreadCard } from "@/components/approvals/approval-thread-card";
import { InteractionCard } from "@/components/interactions/interaction-card";
import { useCombinedQuery } from "@/components/ui/hooks";
import type { People } from "./people";
import { WorkspaceConflictCard } from "./workspace-conflict-card";

type ThreadEntry = { at: string; id: string } & (
  | { type: "comment"; comment: IssueComment }
  | { type: "interaction"; interaction: Interaction }
  | { type: "approval"; approval: Approval }
  | { type: "conflict"; conflict: EnvironmentConflict }
);

/** Comments, confirmations, linked approvals and an unresolved workspace conflict in one time line, oldest first. */
function threadEntries(comments: IssueComment[], interactions: Interaction[], approvals: Approval[], conflict: EnvironmentConflict | null): ThreadEntry[] {
  const entries: ThreadEntry[] = [
    ...comments.map((comment) => ({ type: "comment" as const, at: comment.createdAt, id: comment.id, comment })),
    ...interactions.map((interaction) => ({ type: "interaction" as const, at: interaction.createdAt, id: interaction.id, interaction })),
    ...approvals.map((approval) => ({ type: "approval" as const, at: approval.createdAt, id: approval.id, approval })),
    ...(conflict ? [{ type: "conflict" as const, at: conflict.detectedAt, id: `conflict-${conflict.workspaceId}`, conflict }] : []),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/**
 * The issue's thread: comments (plain text: agents write them), confirmation and question cards, approvals linked to
 * the issue and a workspace conflict waiting for the board, in time order, with a box to add a comment.
 */
export function IssueThread({ issue, documents, people, canAct }: { issue: IssueDetail; documents: IssueDocument[]; people: People; canAct: boolean }) {
  const issueId = issue.id;
  const workspaceConflict = issue.workspaceConflict;
  const comments = useIssueComments(issueId);
  const interactions = useInteractions(issueId);
  const approvals = useIssueApprovals(issueId);
  const decisions = useExecutionDecisions(issueId);
  const thread = useCombinedQuery([comments, interactions, approvals], ([c, i, a]) => threadEntries(c, i, a, workspaceConflict));
  const decisionByComment = new Map((decisions.data ?? []).filter((decision) => decision.commentId).map((decision) => [decision.commentId!, decision]));
  return (
    <Section title="Thread">
      <QueryList query={thread} what="the thread" rows={2} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No comments yet.</p>}>
        {(items) => (
          <ol className="space-y-3" aria-label="Thread">
            {items.map((entry) =>
              entry.type === "comment" ? (
                <CommentItem key={entry.id} comment={entry.comment} people={people} decision={decisionByComment.get(entry.id)} />
              ) : entry.type === "interaction" ? (
                <InteractionCard
                  key={entry.id}
                  interaction={entry.interaction}
                  issueId={issueId}
                  documents={documents}
                  people={people}
                  canAct={canAct}
                  held={issue.heldActions.find((held) => held.interactionId === entry.interaction.id) ?? null}
                />
              ) : entry.type === "conflict" ? (
                <WorkspaceConflictCard key={entry.id} issueId={issueId} conflict={entry.conflict} canAct={canAct} />
              ) : (
                <ApprovalThreadCard key={entry.id} approval={entry.approval} people={people} />
              ),
            )}
          </ol>
        )}
      </QueryList>
      {canAct ? (
        <CommentBox issueId={issueId} />
      ) : (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">Viewers can read the thread but not comment.</p>
      )}
    </Section>
  );
}

/** A comment with neither an agent nor a user behind it was written by Switchboard itself (conflicts, settling failures). */
const SYSTEM_AUTHOR = "Switchboard";

function CommentItem({ comment, people, decision }: { comment: IssueComment; people: People; decision?: ExecutionDecision }) {
  const byAgent = comment.authorAgentId !== null;
  const bySystem = !byAgent && comment.authorUserId === null;
  const author = people.authorName(comment.authorAgentId, comment.authorUserId, SYSTEM_AUTHOR);
  return (
    <li
      data-system-comment={bySystem || undefined}
      className={
        bySystem
          ? "rounded-lg border border-dashed border-zinc-300 bg-zinc-50 px-4 py-3 dark:border-zinc-700 dark:bg-zinc-900/60"
          : "rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/40"
      }
    >
      <div className="mb-1.5 flex flex-wrap items-center gap-2 text-xs">
        {byAgent ? <BotIcon className="size-3.5 text-zinc-400" /> : bySystem ? <LogoIcon className="size-3.5 text-zinc-400" /> : null}
        <span className={bySystem ? "font-medium text-zinc-600 dark:text-zinc-400" : "font-medium text-zinc-900 dark:text-zinc-100"}>{author}</span>
        {bySystem ? <Badge tone="neutral">System</Badge> : null}
        <span className="text-zinc-500 dark:text-zinc-400">
          <Time value={comment.createdAt} relative />
        </span>
        {decision ? (
          <Badge tone={decision.outcome === "approved" ? "green" : "amber"}>
            <span data-testid="decision-badge">
              {decision.outcome === "approved" ? "Approved" : "Requested changes"} · {decision.stageType} stage {decision.stageIndex + 1}
            </span>
          </Badge>
        ) : null}
        {byAgent && comment.runId ? (
          <Badge className="font-mono" tone="neutral">
            <span title={`Run ${comment.runId}`}>run {comment.runId.slice(0, 8)}</span>
          </Badge>
        ) : null}
      </div>
      <p
        className={
          bySystem
            ? "text-sm break-words whitespace-pre-wrap text-zinc-600 dark:text-zinc-400"
            : "text-sm break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200"
        }
      >
        {comment.body}
      </p>
    </li>
  );
}

function CommentBox({ issueId }: { issueId: string }) {
  const add = useAddComment(issueId);
  return (
    <CommentComposer
      send={(body, done) => add.mutate({ body }, { onSuccess: done })}
      pending={add.isPending}
      error={add.error ? errorMessage(add.error) : undefined}
      hint="⌘/Ctrl + Enter to send. @AgentName wakes that agent."
    />
  );
}
