import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Issue, IssueThreadInteraction } from "../db/generated/client";
import { publishEvent } from "../events/publish";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { requestWakeup } from "../wakeups/request";

type IssueRef = Pick<Issue, "id" | "companyId" | "identifier" | "status" | "assigneeAgentId">;

export function serializeInteraction(interaction: IssueThreadInteraction) {
  return {
    id: interaction.id,
    companyId: interaction.companyId,
    issueId: interaction.issueId,
    kind: interaction.kind,
    status: interaction.status,
    continuationPolicy: interaction.continuationPolicy,
    resolverPolicy: interaction.resolverPolicy,
    addresseeAgentId: interaction.addresseeAgentId,
    addresseeUserId: interaction.addresseeUserId,
    idempotencyKey: interaction.idempotencyKey,
    sourceCommentId: interaction.sourceCommentId,
    sourceRunId: interaction.sourceRunId,
    title: interaction.title,
    summary: interaction.summary,
    payload: interaction.payload,
    result: interaction.result,
    createdByAgentId: interaction.createdByAgentId,
    createdByUserId: interaction.createdByUserId,
    resolvedByAgentId: interaction.resolvedByAgentId,
    resolvedByUserId: interaction.resolvedByUserId,
    resolvedAt: interaction.resolvedAt?.toISOString() ?? null,
    createdAt: interaction.createdAt.toISOString(),
    updatedAt: interaction.updatedAt.toISOString(),
  };
}

/** What a wake says about a resolved interaction: enough for the agent to act without re-reading the thread. */
export function interactionWakeFields(interaction: IssueThreadInteraction) {
  const result = (interaction.result ?? {}) as {
    outcome?: string;
    reason?: string | null;
    cancellationReason?: string | null;
    rejectionReason?: string | null;
    expirationReason?: string;
    createdTasks?: { issueId: string }[];
  };
  return {
    interactionId: interaction.id,
    interactionKind: interaction.kind,
    interactionStatus: interaction.status,
    outcome: result.outcome ?? result.expirationReason ?? interaction.status,
    reason: result.reason ?? result.cancellationReason ?? result.rejectionReason ?? null,
    ...(result.createdTasks?.length ? { createdIssueIds: result.createdTasks.map((task) => task.issueId) } : {}),
  };
}

/**
 * The continuation policy, applied: wake_assignee wakes on every outcome, wake_assignee_on_accept only on acceptance,
 * none never. The assignee agent is woken (or, with none assigned, the agent that asked); closed issues wake nobody.
 * Paperclip agents know this wake as issue_commented with mutation "interaction"; we add the outcome and the reason.
 */
export async function wakeAfterResolution(tx: Tx, actor: Actor | null, runId: string | null, issue: IssueRef, interaction: IssueThreadInteraction) {
  if (interaction.continuationPolicy === "none") return;
  if (interaction.continuationPolicy === "wake_assignee_on_accept" && interaction.status !== "accepted") return;
  if (TERMINAL_STATUSES.includes(issue.status as IssueStatus)) return;
  const agentId = issue.assigneeAgentId ?? interaction.createdByAgentId;
  if (!agentId) return;
  await requestWakeup(tx, actor, runId, {
    companyId: issue.companyId,
    agentId,
    reason: "issue_commented",
    issueId: issue.id,
    payload: {
      issueId: issue.id,
      identifier: issue.identifier,
      mutation: "interaction",
      sourceCommentId: interaction.sourceCommentId,
      sourceRunId: interaction.sourceRunId,
      ...interactionWakeFields(interaction),
    },
  });
}

/** The activity row and live event every interaction change writes. */
export async function recordInteractionChange(
  tx: Tx,
  actor: Actor | null,
  runId: string | null,
  issue: IssueRef,
  interaction: IssueThreadInteraction,
  change: string,
) {
  await recordActivity(tx, actor, runId, {
    companyId: issue.companyId,
    action: `issue.thread_interaction_${change}`,
    entityType: "issue",
    entityId: issue.id,
    details: { identifier: issue.identifier, ...interactionWakeFields(interaction) },
  });
  await publishEvent(tx, {
    companyId: issue.companyId,
    type: `issue.thread_interaction_${change}`,
    entityType: "issue",
    entityId: issue.id,
    issueId: issue.id,
  });
}
