import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import type { IssueExecutionDecision } from "../db/generated/client";
import { findIssue } from "../issues/find";

export function serializeDecision(decision: IssueExecutionDecision) {
  return {
    id: decision.id,
    companyId: decision.companyId,
    issueId: decision.issueId,
    stageId: decision.stageId,
    stageIndex: decision.stageIndex,
    stageType: decision.stageType,
    outcome: decision.outcome,
    actorAgentId: decision.actorAgentId,
    actorUserId: decision.actorUserId,
    commentId: decision.commentId,
    body: decision.body,
    createdAt: decision.createdAt.toISOString(),
  };
}

/** Oldest first, as they happened. */
export async function listExecutionDecisions(actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref);
  return db.issueExecutionDecision.findMany({ where: { issueId: issue.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}
