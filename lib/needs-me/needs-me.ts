import "server-only";
import { serializeApproval } from "../approvals/approvals";
import type { Actor } from "../auth/actor";
import { hasCompanyAccess, requireBoard } from "../auth/permissions";
import { db } from "../db/client";
import type { ExecutionPolicy, ExecutionState } from "../execution-policy/types";
import { serializeInteraction } from "../interactions/continuation";
import { issueFromRow, ISSUE_COLUMNS, type IssueRow } from "../issues/rows";
import { serializeIssueLink } from "../issues/serialize";
import { sqlRows } from "../db/sql";

const ITEM_LIMIT = 200;

/**
 * Everything in the company waiting for this board user, oldest first: review/approval stages where they are the
 * current participant, pending confirmations and questions they may resolve, and pending board approvals.
 */
export async function getNeedsMe(actor: Actor, companyId: string) {
  requireBoard(actor);
  // Viewers are never waited on.
  if (!hasCompanyAccess(actor, companyId, "act")) return { counts: { total: 0, stages: 0, confirmations: 0, approvals: 0 }, items: [] };

  const [stageRows, interactions, approvals] = await Promise.all([
    sqlRows<IssueRow>(
      `SELECT ${ISSUE_COLUMNS} FROM issues
        WHERE company_id = $1::uuid AND (execution_state ->> 'status') = 'pending'
          AND (execution_state -> 'currentParticipant' ->> 'userId') = $2
        ORDER BY updated_at LIMIT ${ITEM_LIMIT}`,
      [companyId, actor.userId],
    ),
    db.issueThreadInteraction.findMany({
      where: {
        companyId,
        status: "pending",
        OR: [{ addresseeUserId: null }, { addresseeUserId: actor.userId }],
        NOT: { resolverPolicy: "not_creator", createdByUserId: actor.userId },
      },
      include: { issue: true },
      orderBy: { createdAt: "asc" },
      take: ITEM_LIMIT,
    }),
    db.approval.findMany({ where: { companyId, status: "pending" }, orderBy: { createdAt: "asc" }, take: ITEM_LIMIT }),
  ]);

  const stages = stageRows.map(issueFromRow).map((issue) => {
    const policy = issue.executionPolicy as ExecutionPolicy | null;
    const state = issue.executionState as ExecutionState;
    return {
      kind: "execution_stage" as const,
      id: `${issue.id}:${state.currentStageId}`,
      waitingSince: issue.updatedAt.toISOString(),
      issue: serializeIssueLink(issue),
      stage: {
        id: state.currentStageId,
        type: state.currentStageType,
        index: state.currentStageIndex,
        count: policy?.stages.length ?? 0,
        returnAssignee: state.returnAssignee,
        lastDecisionOutcome: state.lastDecisionOutcome,
        commentRequired: policy?.commentRequired ?? true,
      },
    };
  });
  const confirmations = interactions.map((interaction) => ({
    kind: "interaction" as const,
    id: interaction.id,
    waitingSince: interaction.createdAt.toISOString(),
    issue: serializeIssueLink(interaction.issue),
    interaction: serializeInteraction(interaction),
  }));
  const approvalItems = approvals.map((approval) => ({
    kind: "approval" as const,
    id: approval.id,
    waitingSince: approval.createdAt.toISOString(),
    approval: serializeApproval(approval),
  }));
  const items = [...stages, ...confirmations, ...approvalItems].sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
  return { counts: { total: items.length, stages: stages.length, confirmations: confirmations.length, approvals: approvalItems.length }, items };
}
