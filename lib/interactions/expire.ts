import "server-only";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Issue, IssueThreadInteraction, Prisma } from "../db/generated/client";
import { recordInteractionChange, wakeAfterResolution } from "./continuation";
import { administrativeResult } from "./rules";

type IssueRef = Pick<Issue, "id" | "companyId" | "identifier" | "status" | "assigneeAgentId">;

/**
 * Moves pending interactions to `expired` with a result saying why. Each row is updated only while still pending, so
 * an expiry never overwrites a decision that landed first.
 */
async function expirePending(
  tx: Tx,
  actor: Actor | null,
  runId: string | null,
  issue: IssueRef,
  candidates: IssueThreadInteraction[],
  resultFor: (interaction: IssueThreadInteraction) => Prisma.InputJsonObject,
  options: { wake: boolean },
) {
  const expired: IssueThreadInteraction[] = [];
  for (const candidate of candidates) {
    const { count } = await tx.issueThreadInteraction.updateMany({
      where: { id: candidate.id, status: "pending" },
      data: { status: "expired", result: resultFor(candidate), resolvedAt: new Date() },
    });
    if (count === 0) continue;
    const interaction = await tx.issueThreadInteraction.findUniqueOrThrow({ where: { id: candidate.id } });
    await recordInteractionChange(tx, actor, runId, issue, interaction, "expired");
    if (options.wake) await wakeAfterResolution(tx, actor, runId, issue, interaction);
    expired.push(interaction);
  }
  return expired;
}

type TargetRevision = { documentId: string; key: string; revisionId: string | null; revisionNumber: number | null };

/** A new revision (or deletion) of a document makes confirmations about any other revision of it stale. */
export async function expireConfirmationsForDocument(tx: Tx, actor: Actor, runId: string | null, issue: IssueRef, current: TargetRevision) {
  const pending = await tx.issueThreadInteraction.findMany({ where: { targetDocumentId: current.documentId, status: "pending" } });
  const stale = pending.filter((interaction) => (interaction.payload as { target?: { revisionId?: string } }).target?.revisionId !== current.revisionId);
  return expirePending(
    tx,
    actor,
    runId,
    issue,
    stale,
    (interaction) => ({
      version: 1,
      outcome: "stale_target",
      staleTarget: (interaction.payload as { target?: Prisma.InputJsonObject }).target ?? null,
      currentTarget: current.revisionId ? { type: "issue_document", issueId: issue.id, ...current } : null,
    }),
    { wake: true },
  );
}

/**
 * A board user's comment answers the question in their own words, so confirmations that asked for it expire.
 * The comment's own wake tells the assignee, so no second wake is written here.
 */
export async function supersedeOnBoardComment(tx: Tx, actor: Actor, issue: IssueRef, commentId: string) {
  const pending = await tx.issueThreadInteraction.findMany({ where: { issueId: issue.id, status: "pending" } });
  const superseded = pending.filter((interaction) => (interaction.payload as { supersedeOnUserComment?: boolean }).supersedeOnUserComment === true);
  return expirePending(
    tx,
    actor,
    null,
    issue,
    superseded,
    (interaction) =>
      interaction.kind === "ask_user_questions"
        ? { version: 1, answers: [], expirationReason: "superseded_by_comment", commentId, summaryMarkdown: null }
        : { version: 1, outcome: "superseded_by_comment", commentId },
    { wake: false },
  );
}

/** Nothing is left to decide on a done or cancelled issue. */
export async function expireOnIssueClosed(tx: Tx, actor: Actor | null, runId: string | null, issue: IssueRef) {
  const pending = await tx.issueThreadInteraction.findMany({ where: { issueId: issue.id, status: "pending" } });
  return expirePending(tx, actor, runId, issue, pending, (interaction) => administrativeResult(interaction.kind, "issue_closed"), { wake: false });
}
