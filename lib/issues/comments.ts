import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { Issue, IssueComment, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Forbidden, NotFound } from "../errors";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { interactionWakeFields } from "../interactions/continuation";
import { supersedeOnBoardComment } from "../interactions/expire";
import { isUuid } from "../schemas/agents";
import { isStorableTime } from "../schemas/common";
import { requestWakeup } from "../wakeups/request";
import { findIssue } from "./find";
import { mentionedAgentIds, mentionedUserIds } from "./mentions";
import { publishIssueEvent } from "../events/publish";

export function serializeComment(comment: IssueComment) {
  return {
    id: comment.id,
    companyId: comment.companyId,
    issueId: comment.issueId,
    body: comment.body,
    authorAgentId: comment.authorAgentId,
    authorUserId: comment.authorUserId,
    runId: comment.runId,
    mentionedAgentIds: comment.mentionedAgentIds,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
  };
}

/**
 * Writes a comment inside the caller's transaction and wakes who should hear about it: mentioned agents with
 * issue_comment_mentioned, otherwise the assignee agent with issue_commented. Authors never wake themselves. A board
 * user's comment supersedes pending interactions that asked for that, and the wake says which.
 */
export async function addCommentInTransaction(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  issue: Issue,
  body: string,
  options: { alreadyWoken?: string | null } = {},
) {
  const agents = await tx.agent.findMany({ where: { companyId: issue.companyId }, select: { id: true, name: true, urlKey: true } });
  const mentioned = mentionedAgentIds(body, agents);
  // Members are read only when the body could name one; the inbox lists the issue for every member named.
  const members = body.includes("@")
    ? await tx.user.findMany({ where: { memberships: { some: { companyId: issue.companyId } } }, select: { id: true, name: true, email: true } })
    : [];
  const comment = await tx.issueComment.create({
    data: {
      companyId: issue.companyId,
      issueId: issue.id,
      body,
      authorAgentId: actor.type === "agent" ? actor.agentId : null,
      authorUserId: actor.type === "board" ? actor.userId : null,
      runId,
      mentionedAgentIds: mentioned,
      mentionedUserIds: mentionedUserIds(body, members),
    },
  });
  const superseded = actor.type === "board" ? await supersedeOnBoardComment(tx, actor, issue, comment.id) : [];
  const wakePayload = {
    issueId: issue.id,
    identifier: issue.identifier,
    commentId: comment.id,
    ...(superseded.length ? { supersededInteractions: superseded.map(interactionWakeFields) } : {}),
  };
  const wake = { companyId: issue.companyId, issueId: issue.id, commentId: comment.id, payload: wakePayload };
  for (const agentId of mentioned) await requestWakeup(tx, actor, runId, { ...wake, agentId, reason: "issue_comment_mentioned" });
  if (issue.assigneeAgentId && !mentioned.includes(issue.assigneeAgentId) && issue.assigneeAgentId !== options.alreadyWoken) {
    await requestWakeup(tx, actor, runId, { ...wake, agentId: issue.assigneeAgentId, reason: "issue_commented" });
  }
  await recordActivity(tx, actor, runId, {
    companyId: issue.companyId,
    action: "issue.comment_added",
    entityType: "issue",
    entityId: issue.id,
    details: { identifier: issue.identifier, commentId: comment.id, mentionedAgentIds: mentioned },
  });
  await publishIssueEvent(tx, issue, "issue.comment_added");
  return comment;
}

/** A note from Switchboard itself (no author): workspace conflicts and settling failures. It wakes nobody. */
export async function addSystemComment(tx: Tx, issue: Pick<Issue, "id" | "companyId">, body: string, runId: string | null = null) {
  const comment = await tx.issueComment.create({ data: { companyId: issue.companyId, issueId: issue.id, body, runId } });
  await publishIssueEvent(tx, issue, "issue.comment_added");
  return comment;
}

/** Paperclip's cap on one page of comments, and what a list without `limit` returns at most. */
export const MAX_COMMENT_PAGE = 500;

/**
 * Comments newest first unless `order` is asc, as Paperclip lists them. `after` (a comment id or an ISO time) is a
 * cursor in that order: with asc only later comments, with desc only earlier ones.
 */
export async function listComments(actor: Actor, ref: string, options: { after?: string; afterCommentId?: string; order?: "asc" | "desc"; limit?: number }) {
  const issue = await findIssue(actor, ref);
  const order = options.order ?? "desc";
  const afterRef = options.afterCommentId ?? options.after;
  let cursor: Prisma.IssueCommentWhereInput = {};
  if (afterRef) {
    const anchor = isUuid(afterRef)
      ? await db.issueComment.findFirst({ where: { id: afterRef, issueId: issue.id }, select: { id: true, createdAt: true } })
      : { id: null, createdAt: new Date(afterRef) };
    if (anchor === null || !isStorableTime(anchor.createdAt)) throw new NotFound("Comment given as `after`");
    const beyond = <T>(value: T) => (order === "asc" ? { gt: value } : { lt: value });
    // Comments written in the same millisecond as the anchor are told apart by id, so none is skipped or repeated.
    cursor = anchor.id
      ? { OR: [{ createdAt: beyond(anchor.createdAt) }, { createdAt: anchor.createdAt, id: beyond(anchor.id) }] }
      : { createdAt: beyond(anchor.createdAt) };
  }
  return db.issueComment.findMany({
    where: { issueId: issue.id, ...cursor },
    orderBy: [{ createdAt: order }, { id: order }],
    take: options.limit ?? MAX_COMMENT_PAGE,
  });
}

export async function getComment(actor: Actor, ref: string, commentId: string) {
  const issue = await findIssue(actor, ref);
  const comment = await db.issueComment.findFirst({ where: { id: commentId, issueId: issue.id } });
  if (!comment) throw new NotFound("Comment");
  return comment;
}

export const DELETE_COMMENT_ERRORS = [...AGENT_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS, "not_comment_author"] as const satisfies readonly ErrorCode[];

/** Board operators may delete any comment; an agent only its own. */
export async function deleteComment(actor: Actor, requestRunId: string | null, ref: string, commentId: string) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const comment = await getComment(actor, ref, commentId);
  requireCompanyAccess(actor, comment.companyId, "act");
  if (actor.type === "agent" && comment.authorAgentId !== actor.agentId) throw new Forbidden("Agents may delete only their own comments", "not_comment_author");
  await db.$transaction(async (tx) => {
    await tx.issueComment.delete({ where: { id: comment.id } });
    await recordActivity(tx, actor, runId, {
      companyId: comment.companyId,
      action: "issue.comment_deleted",
      entityType: "issue",
      entityId: comment.issueId,
      details: { commentId },
    });
    await publishIssueEvent(tx, { id: comment.issueId, companyId: comment.companyId }, "issue.comment_deleted");
  });
  return { ok: true as const };
}
