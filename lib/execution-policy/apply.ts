import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import { Prisma, type Issue } from "../db/generated/client";
import { requireCompanyReferences, type Reference } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { Forbidden } from "../errors";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import { requestWakeup } from "../wakeups/request";
import { type ExecutionPlan, normalizePolicy, planPolicyChange, planStatusChange } from "./engine";
import type { ExecutionPolicy, ExecutionPolicyInput, ExecutionState, Principal } from "./types";

export const principalOfActor = (actor: Actor): Principal =>
  actor.type === "agent" ? { type: "agent", agentId: actor.agentId } : { type: "user", userId: actor.userId };

export function assigneePrincipal(issue: Pick<Issue, "assigneeAgentId" | "assigneeUserId">): Principal | null {
  if (issue.assigneeAgentId) return { type: "agent", agentId: issue.assigneeAgentId };
  if (issue.assigneeUserId) return { type: "user", userId: issue.assigneeUserId };
  return null;
}

/** Normalizes a policy and checks that every participant is an agent or member of the issue's company (422 per field). */
export async function preparePolicy(companyId: string, input: ExecutionPolicyInput | null, client: Tx | typeof db = db): Promise<ExecutionPolicy | null> {
  if (!input) return null;
  const references: Reference[] = input.stages.flatMap((stage, stageIndex) =>
    stage.participants.map((participant, index): Reference => {
      const field = `executionPolicy.stages.${stageIndex}.participants.${index}`;
      return participant.type === "agent"
        ? { field: `${field}.agentId`, model: "agent", ids: [participant.agentId] }
        : { field: `${field}.userId`, model: "user", ids: [participant.userId] };
    }),
  );
  await requireCompanyReferences(companyId, references, client);
  return normalizePolicy(input);
}

export type ExecutionUpdate = {
  data: Prisma.IssueUncheckedUpdateInput;
  plan: ExecutionPlan | null;
  /** The status the PATCH ends in, after the stage rules had their say. */
  status: IssueStatus | undefined;
};

/** A policy change (agents may not; its participants and stages are checked) and the stage rules' say on the status. */
export const EXECUTION_CHANGE_ERRORS = [
  "execution_policy_board_only",
  "invalid_reference",
  "invalid_execution_policy",
  "comment_required",
  "not_participant",
  "no_eligible_participant",
] as const satisfies readonly ErrorCode[];

/**
 * The stage rules' say on a change, and what to write: a policy change first (agents may not change or remove a
 * policy: that would let them skip their own review), then the requested status. Any reopen of a closed issue starts
 * its stages over, whatever the entry point. Only explicit status changes decide a stage: a checkout or release by
 * the current participant leaves the pending stage as it is.
 */
export async function planExecutionChange(
  tx: Tx,
  actor: Actor,
  before: Issue,
  input: { executionPolicy?: ExecutionPolicyInput | null; comment?: string },
  requested: { status: IssueStatus | undefined; assignee: Principal | null; decides: boolean },
): Promise<ExecutionUpdate> {
  const data: Prisma.IssueUncheckedUpdateInput = {};
  let policy = before.executionPolicy as ExecutionPolicy | null;
  let state = before.executionState as ExecutionState | null;
  let plan: ExecutionPlan | null = null;

  if (input.executionPolicy !== undefined) {
    if (actor.type === "agent") throw new Forbidden("Only board users change an issue's execution policy", "execution_policy_board_only");
    policy = await preparePolicy(before.companyId, input.executionPolicy, tx);
    data.executionPolicy = policy ?? Prisma.DbNull;
    const change = planPolicyChange(policy, state);
    if (change === "clear") state = null;
    else if (change) plan = change;
  }
  if (plan) state = plan.state;
  if (reopens(before.status, requested.status)) state = null;
  if (requested.decides && (!plan || plan.status === before.status)) {
    plan =
      planStatusChange({
        policy,
        state,
        currentStatus: before.status as IssueStatus,
        assignee: requested.assignee,
        actor: principalOfActor(actor),
        requestedStatus: requested.status,
        comment: input.comment,
      }) ?? plan;
    if (plan) state = plan.state;
  }
  // Written once, and only when something above moved it.
  if (state !== before.executionState) data.executionState = state ?? Prisma.DbNull;
  if (plan?.assignee)
    Object.assign(
      data,
      plan.assignee.type === "agent"
        ? { assigneeAgentId: plan.assignee.agentId, assigneeUserId: null }
        : { assigneeAgentId: null, assigneeUserId: plan.assignee.userId },
    );
  return { data, plan, status: plan?.status ?? requested.status };
}

/** A move out of done or cancelled: the issue's review starts over. */
export const reopens = (from: string, to: IssueStatus | undefined) =>
  to !== undefined && TERMINAL_STATUSES.includes(from as IssueStatus) && !TERMINAL_STATUSES.includes(to);

/** The decision row, its activity, and the wake the plan calls for — in the PATCH's transaction. */
export async function recordExecutionOutcome(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  issue: Issue,
  plan: ExecutionPlan,
  comment: { id: string; body: string } | null,
) {
  const state = plan.state;
  if (plan.decision) {
    const { decision } = plan;
    await tx.issueExecutionDecision.create({
      data: {
        id: decision.id,
        companyId: issue.companyId,
        issueId: issue.id,
        stageId: decision.stage.id,
        stageIndex: decision.stageIndex,
        stageType: decision.stage.type,
        outcome: decision.outcome,
        actorAgentId: decision.actor.type === "agent" ? decision.actor.agentId : null,
        actorUserId: decision.actor.type === "user" ? decision.actor.userId : null,
        commentId: comment?.id ?? null,
        body: comment?.body ?? null,
        runId,
      },
    });
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: `issue.execution_${decision.outcome}`,
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, decisionId: decision.id, stageId: decision.stage.id, stageType: decision.stage.type },
    });
  }
  if (plan.wake?.principal.type !== "agent") return;
  const executor = plan.wake.reason === "execution_changes_requested" || plan.wake.reason === "execution_completed";
  await requestWakeup(tx, actor, runId, {
    companyId: issue.companyId,
    agentId: plan.wake.principal.agentId,
    reason: plan.wake.reason,
    issueId: issue.id,
    commentId: comment?.id ?? null,
    payload: {
      issueId: issue.id,
      identifier: issue.identifier,
      mutation: "update",
      executionStage: {
        wakeRole: executor ? "executor" : plan.wake.reason === "execution_review_requested" ? "reviewer" : "approver",
        stageId: plan.decision?.stage.id ?? state?.currentStageId ?? null,
        stageType: plan.decision?.stage.type ?? state?.currentStageType ?? null,
        currentParticipant: state?.currentParticipant ?? null,
        returnAssignee: state?.returnAssignee ?? null,
        lastDecisionOutcome: state?.lastDecisionOutcome ?? null,
        allowedActions: plan.wake.reason === "execution_changes_requested" ? ["address_changes", "resubmit"] : executor ? [] : ["approve", "request_changes"],
      },
      ...(comment ? { decisionComment: comment.body } : {}),
    } as Prisma.InputJsonObject,
  });
}
