import { randomUUID } from "node:crypto";
import { Unprocessable } from "../errors";
import type { IssueStatus } from "../schemas/issues";
import {
  type ExecutionPolicy,
  type ExecutionPolicyInput,
  type ExecutionState,
  type Participant,
  type Principal,
  type Stage,
  principalOf,
  samePrincipal,
} from "./types";

export type StageWakeReason = "execution_review_requested" | "execution_approval_requested" | "execution_changes_requested" | "execution_completed";

/** What the stage rules make of a status change: the status and assignee to apply, the new state, and what to record. */
export type ExecutionPlan = {
  status: IssueStatus;
  assignee: Principal | null;
  state: ExecutionState | null;
  decision: { id: string; stage: Stage; stageIndex: number; outcome: "approved" | "changes_requested"; actor: Principal } | null;
  wake: { principal: Principal; reason: StageWakeReason } | null;
};

export const NOT_PARTICIPANT_MESSAGE = "Only the active reviewer or approver can advance the current execution stage";

/** Fills in ids, defaults and collapses repeated participants; a policy without stages is no policy. */
export function normalizePolicy(input: ExecutionPolicyInput | null): ExecutionPolicy | null {
  if (!input || input.stages.length === 0) return null;
  const stages = input.stages.map((stage, index): Stage => {
    const seen = new Set<string>();
    const participants: Participant[] = [];
    for (const participant of stage.participants) {
      const key = participant.type === "agent" ? `agent:${participant.agentId}` : `user:${participant.userId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const principal: Principal =
        participant.type === "agent" ? { type: "agent", agentId: participant.agentId! } : { type: "user", userId: participant.userId! };
      participants.push({ id: participant.id ?? randomUUID(), ...principal });
    }
    const approvalsNeeded = stage.approvalsNeeded ?? 1;
    if (approvalsNeeded > participants.length) {
      throw Unprocessable.field(
        `executionPolicy.stages.${index}.approvalsNeeded`,
        `Needs ${approvalsNeeded} approvals but the stage has ${participants.length} distinct participant(s)`,
        "invalid_execution_policy",
      );
    }
    return { id: stage.id ?? randomUUID(), type: stage.type, approvalsNeeded, participants };
  });
  const ids = new Set(stages.map((stage) => stage.id));
  if (ids.size !== stages.length) throw Unprocessable.field("executionPolicy.stages", "Stage ids must be unique", "invalid_execution_policy");
  return { mode: input.mode ?? "normal", commentRequired: input.commentRequired ?? true, stages };
}

const emptyState = (): ExecutionState => ({
  status: "idle",
  currentStageId: null,
  currentStageIndex: null,
  currentStageType: null,
  currentParticipant: null,
  returnAssignee: null,
  completedStageIds: [],
  stageApprovals: [],
  lastDecisionId: null,
  lastDecisionOutcome: null,
});

const ordinal = (index: number) => `Stage ${index + 1}`;

/**
 * The participant who takes the stage: the preferred one if still eligible, else the first eligible in order. The
 * executor never reviews their own work; anyone who already approved this stage is not asked again.
 */
function pickParticipant(stage: Stage, index: number, executor: Principal | null, approved: Principal[], preferred: Principal | null): Principal {
  const eligible = stage.participants
    .map(principalOf)
    .filter((principal) => !(stage.type === "review" && samePrincipal(principal, executor)))
    .filter((principal) => !approved.some((done) => samePrincipal(done, principal)));
  const chosen = eligible.find((principal) => samePrincipal(principal, preferred)) ?? eligible[0];
  if (chosen) return chosen;
  const role = stage.type === "review" ? "reviewer" : "approver";
  const why =
    stage.type === "review" && stage.participants.some((participant) => samePrincipal(principalOf(participant), executor))
      ? " (the executor cannot review their own work)"
      : "";
  throw new Unprocessable(
    `${ordinal(index)} (${stage.type}) has no eligible ${role}${why}: add another participant to that stage of the execution policy, or remove the stage`,
    "no_eligible_participant",
    { invalidParams: [{ name: `executionPolicy.stages.${index}.participants`, reason: `No eligible ${role}` }] },
  );
}

function enterStage(
  policy: ExecutionPolicy,
  state: ExecutionState,
  index: number,
  executor: Principal | null,
  preferred: Principal | null,
  decision: ExecutionPlan["decision"],
): ExecutionPlan {
  const stage = policy.stages[index];
  const participant = pickParticipant(stage, index, executor, [], preferred);
  return {
    status: "in_review",
    assignee: participant,
    state: {
      ...state,
      status: "pending",
      currentStageId: stage.id,
      currentStageIndex: index,
      currentStageType: stage.type,
      currentParticipant: participant,
      returnAssignee: executor,
      stageApprovals: [],
    },
    decision,
    wake: { principal: participant, reason: stage.type === "review" ? "execution_review_requested" : "execution_approval_requested" },
  };
}

/** The first stage not yet passed, from `from` on. */
const nextOpenStage = (policy: ExecutionPolicy, state: ExecutionState, from: number) =>
  policy.stages.findIndex((stage, index) => index >= from && !state.completedStageIds.includes(stage.id));

export type StatusChange = {
  policy: ExecutionPolicy | null;
  state: ExecutionState | null;
  currentStatus: IssueStatus;
  assignee: Principal | null;
  actor: Principal;
  requestedStatus: IssueStatus | undefined;
  comment: string | undefined;
};

/**
 * The stage rules for one PATCH. Returns null when they have nothing to say (no policy, no status change that matters),
 * otherwise the plan to apply. Throws 422 for a decision by anyone but the current participant, a missing comment, or
 * a stage nobody may take.
 */
export function planStatusChange(change: StatusChange): ExecutionPlan | null {
  const { policy, actor, requestedStatus, comment } = change;
  const state = change.state ?? emptyState();
  if (!policy) return null;

  // A pending stage is authoritative even if the participant checked the issue out (which moves it to in_progress).
  if (state.status === "pending") {
    if (!requestedStatus || requestedStatus === "in_review") return null;
    if (!samePrincipal(actor, state.currentParticipant)) throw new Unprocessable(NOT_PARTICIPANT_MESSAGE, "not_participant");
    const index = state.currentStageIndex ?? 0;
    const stage = policy.stages[index];
    const decisionId = randomUUID();
    if (requestedStatus !== "done") {
      if (!comment?.trim()) throw Unprocessable.field("comment", "Requesting changes requires a comment", "comment_required");
      return {
        status: "in_progress",
        assignee: state.returnAssignee,
        state: { ...state, status: "changes_requested", stageApprovals: [], lastDecisionId: decisionId, lastDecisionOutcome: "changes_requested" },
        decision: { id: decisionId, stage, stageIndex: index, outcome: "changes_requested", actor },
        wake: state.returnAssignee ? { principal: state.returnAssignee, reason: "execution_changes_requested" } : null,
      };
    }
    if (policy.commentRequired && !comment?.trim())
      throw Unprocessable.field("comment", "Approving a review or approval stage requires a comment", "comment_required");
    const decision = { id: decisionId, stage, stageIndex: index, outcome: "approved" as const, actor };
    const approvals = [...state.stageApprovals.filter((principal) => !samePrincipal(principal, actor)), actor];
    const decided: ExecutionState = { ...state, stageApprovals: approvals, lastDecisionId: decisionId, lastDecisionOutcome: "approved" };
    if (approvals.length < stage.approvalsNeeded) {
      const next = pickParticipant(stage, index, state.returnAssignee, approvals, null);
      return {
        status: "in_review",
        assignee: next,
        state: { ...decided, currentParticipant: next },
        decision,
        wake: { principal: next, reason: stage.type === "review" ? "execution_review_requested" : "execution_approval_requested" },
      };
    }
    const passed: ExecutionState = { ...decided, completedStageIds: [...state.completedStageIds, stage.id], stageApprovals: [] };
    const nextIndex = nextOpenStage(policy, passed, index + 1);
    if (nextIndex >= 0) return enterStage(policy, passed, nextIndex, state.returnAssignee, null, decision);
    return {
      status: "done",
      assignee: state.returnAssignee,
      state: { ...passed, status: "completed", currentStageId: null, currentStageIndex: null, currentStageType: null, currentParticipant: null },
      decision,
      wake: state.returnAssignee ? { principal: state.returnAssignee, reason: "execution_completed" } : null,
    };
  }

  if ((requestedStatus === "done" || requestedStatus === "in_review") && state.status !== "completed") {
    const executor = state.status === "changes_requested" ? (state.returnAssignee ?? change.assignee ?? actor) : (change.assignee ?? actor);
    const sameStage = state.status === "changes_requested" ? policy.stages.findIndex((stage) => stage.id === state.currentStageId) : -1;
    const index = sameStage >= 0 ? sameStage : nextOpenStage(policy, state, 0);
    if (index < 0) return null;
    return enterStage(policy, state, index, executor, state.status === "changes_requested" ? state.currentParticipant : null, null);
  }
  return null;
}

/**
 * A policy set, changed or removed while work is under way. Removing it (or every stage left to pass) hands an issue in
 * review back to its executor; a current participant who is no longer in the stage is replaced by another eligible one.
 */
export function planPolicyChange(policy: ExecutionPolicy | null, stored: ExecutionState | null): ExecutionPlan | "clear" | null {
  if (!stored) return null;
  const backToExecutor = (): ExecutionPlan | "clear" =>
    stored.status === "pending" && stored.returnAssignee
      ? { status: "in_progress", assignee: stored.returnAssignee, state: null, decision: null, wake: null }
      : "clear";
  if (!policy) return backToExecutor();
  if (stored.status !== "pending") return null;
  const index = policy.stages.findIndex((stage) => stage.id === stored.currentStageId);
  if (index < 0) {
    const next = nextOpenStage(policy, stored, 0);
    return next < 0 ? backToExecutor() : enterStage(policy, stored, next, stored.returnAssignee, null, null);
  }
  const stage = policy.stages[index];
  const stillThere = stage.participants.some((participant) => samePrincipal(principalOf(participant), stored.currentParticipant));
  if (stillThere)
    return {
      status: "in_review",
      assignee: stored.currentParticipant,
      state: { ...stored, currentStageIndex: index, currentStageType: stage.type },
      decision: null,
      wake: null,
    };
  const approvals = stored.stageApprovals.filter((principal) => stage.participants.some((participant) => samePrincipal(principalOf(participant), principal)));
  const next = pickParticipant(stage, index, stored.returnAssignee, approvals, null);
  return {
    status: "in_review",
    assignee: next,
    state: { ...stored, currentStageIndex: index, currentStageType: stage.type, currentParticipant: next, stageApprovals: approvals },
    decision: null,
    wake: { principal: next, reason: stage.type === "review" ? "execution_review_requested" : "execution_approval_requested" },
  };
}
