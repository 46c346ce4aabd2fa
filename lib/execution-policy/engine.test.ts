import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import type { IssueStatus } from "../schemas/issues";
import { NOT_PARTICIPANT_MESSAGE, normalizePolicy, planPolicyChange, planStatusChange, type ExecutionPlan } from "./engine";
import type { ExecutionPolicy, ExecutionState, Principal } from "./types";

const agent = (agentId: string): Principal => ({ type: "agent", agentId });
const user = (userId: string): Principal => ({ type: "user", userId });
const coder = agent("coder");
const qa = agent("qa");
const cto = user("cto");

const twoStages = normalizePolicy({
  stages: [
    { id: "review", type: "review", participants: [{ type: "agent", agentId: "qa" }] },
    { id: "approval", type: "approval", participants: [{ type: "user", userId: "cto" }] },
  ],
})!;

function step(
  policy: ExecutionPolicy | null,
  state: ExecutionState | null,
  currentStatus: IssueStatus,
  assignee: Principal | null,
  actor: Principal,
  requestedStatus: IssueStatus,
  comment?: string,
) {
  return planStatusChange({ policy, state, currentStatus, assignee, actor, requestedStatus, comment });
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.status} ${error.code}: ${error.message}`;
    throw error;
  }
  return "allowed";
}

describe("normalizePolicy", () => {
  it("fills ids and defaults, collapses repeated participants, and treats no stages as no policy", () => {
    const policy = normalizePolicy({
      stages: [
        {
          type: "review",
          participants: [
            { type: "agent", agentId: "qa" },
            { type: "agent", agentId: "qa" },
            { type: "user", userId: "cto" },
          ],
        },
      ],
    })!;
    expect(policy).toMatchObject({ mode: "normal", commentRequired: true, stages: [{ type: "review", approvalsNeeded: 1 }] });
    expect(policy.stages[0].participants.map((p) => p.type)).toEqual(["agent", "user"]);
    expect(policy.stages[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(normalizePolicy({ stages: [] })).toBeNull();
    expect(refusal(() => normalizePolicy({ stages: [{ type: "approval", approvalsNeeded: 2, participants: [{ type: "user", userId: "cto" }] }] }))).toMatch(
      /^422 invalid_execution_policy: executionPolicy.stages.0.approvalsNeeded/,
    );
  });
});

describe("planStatusChange", () => {
  it("two stages: executor submits → QA reviews → CTO approves → done, back with the executor", () => {
    const submitted = step(twoStages, null, "in_progress", coder, coder, "done")!;
    expect(submitted).toMatchObject({ status: "in_review", assignee: qa, wake: { principal: qa, reason: "execution_review_requested" } });
    expect(submitted.state).toMatchObject({
      status: "pending",
      currentStageId: "review",
      currentStageIndex: 0,
      currentStageType: "review",
      currentParticipant: qa,
      returnAssignee: coder,
    });

    const reviewed = step(twoStages, submitted.state, "in_review", qa, qa, "done", "Looks right")!;
    expect(reviewed).toMatchObject({
      status: "in_review",
      assignee: cto,
      decision: { outcome: "approved", stageIndex: 0 },
      wake: { principal: cto, reason: "execution_approval_requested" },
    });
    expect(reviewed.state).toMatchObject({
      currentStageId: "approval",
      currentParticipant: cto,
      completedStageIds: ["review"],
      lastDecisionOutcome: "approved",
      lastDecisionId: reviewed.decision!.id,
    });

    const approved = step(twoStages, reviewed.state, "in_review", cto, cto, "done", "Ship it")!;
    expect(approved).toMatchObject({ status: "done", assignee: coder, wake: { principal: coder, reason: "execution_completed" } });
    expect(approved.state).toMatchObject({ status: "completed", completedStageIds: ["review", "approval"], currentParticipant: null });
    expect(step(twoStages, approved.state, "done", coder, coder, "done")).toBeNull();
  });

  it("in_review from the executor also enters the first stage; other statuses are not the policy's business", () => {
    expect(step(twoStages, null, "in_progress", coder, coder, "in_review")).toMatchObject({ status: "in_review", assignee: qa });
    expect(step(twoStages, null, "todo", coder, coder, "in_progress")).toBeNull();
    expect(step(null, null, "in_progress", coder, coder, "done")).toBeNull();
  });

  it("changes requested returns the work to the executor; resubmitting goes back to the same stage and reviewer", () => {
    const atApproval = step(twoStages, step(twoStages, null, "in_progress", coder, coder, "done")!.state, "in_review", qa, qa, "done", "ok")!;
    const changes = step(twoStages, atApproval.state, "in_review", cto, cto, "in_progress", "Split the migration")!;
    expect(changes).toMatchObject({
      status: "in_progress",
      assignee: coder,
      decision: { outcome: "changes_requested", stageIndex: 1 },
      wake: { principal: coder, reason: "execution_changes_requested" },
    });
    expect(changes.state).toMatchObject({
      status: "changes_requested",
      currentStageId: "approval",
      completedStageIds: ["review"],
      lastDecisionOutcome: "changes_requested",
    });
    const resubmitted = step(twoStages, changes.state, "in_progress", coder, coder, "done")!;
    expect(resubmitted).toMatchObject({ status: "in_review", assignee: cto, state: { status: "pending", currentStageId: "approval", returnAssignee: coder } });
  });

  it("only the current participant decides, with a comment; others may not advance the stage", () => {
    const pending = step(twoStages, null, "in_progress", coder, coder, "done")!.state;
    expect(refusal(() => step(twoStages, pending, "in_review", qa, coder, "done", "self-approve"))).toBe(`422 not_participant: ${NOT_PARTICIPANT_MESSAGE}`);
    expect(refusal(() => step(twoStages, pending, "in_review", qa, cto, "in_progress", "no"))).toMatch(/^422 not_participant/);
    expect(refusal(() => step(twoStages, pending, "in_review", qa, qa, "done"))).toMatch(/^422 comment_required: comment: Approving/);
    expect(refusal(() => step(twoStages, pending, "in_review", qa, qa, "blocked", "  "))).toMatch(/^422 comment_required: comment: Requesting changes/);
    expect(step(twoStages, pending, "in_review", qa, coder, "in_review")).toBeNull();
    const noComment = normalizePolicy({ commentRequired: false, stages: [{ id: "r", type: "review", participants: [{ type: "agent", agentId: "qa" }] }] })!;
    expect(step(noComment, step(noComment, null, "in_progress", coder, coder, "done")!.state, "in_review", qa, qa, "done")!.status).toBe("done");
  });

  it("the executor never reviews their own work: the next participant takes it, or a 422 says how to fix the policy", () => {
    const withSelf = normalizePolicy({
      stages: [
        {
          id: "r",
          type: "review",
          participants: [
            { type: "agent", agentId: "coder" },
            { type: "agent", agentId: "qa" },
          ],
        },
      ],
    })!;
    expect(step(withSelf, null, "in_progress", coder, coder, "done")!.assignee).toEqual(qa);
    const onlySelf = normalizePolicy({ stages: [{ id: "r", type: "review", participants: [{ type: "agent", agentId: "coder" }] }] })!;
    expect(refusal(() => step(onlySelf, null, "in_progress", coder, coder, "done"))).toBe(
      "422 no_eligible_participant: Stage 1 (review) has no eligible reviewer (the executor cannot review their own work): add another participant to that stage of the execution policy, or remove the stage",
    );
    const selfApproval = normalizePolicy({ stages: [{ id: "a", type: "approval", participants: [{ type: "agent", agentId: "coder" }] }] })!;
    expect(step(selfApproval, null, "in_progress", coder, coder, "done")!.assignee).toEqual(coder);
  });

  it("a stage needing two approvals asks distinct participants in turn", () => {
    const two = normalizePolicy({
      stages: [
        {
          id: "a",
          type: "approval",
          approvalsNeeded: 2,
          participants: [
            { type: "user", userId: "cto" },
            { type: "user", userId: "ceo" },
          ],
        },
      ],
    })!;
    const first = step(two, step(two, null, "in_progress", coder, coder, "done")!.state, "in_review", cto, cto, "done", "yes")!;
    expect(first).toMatchObject({ status: "in_review", assignee: user("ceo"), state: { stageApprovals: [cto] } });
    const second = step(two, first.state, "in_review", user("ceo"), user("ceo"), "done", "yes")!;
    expect(second.status).toBe("done");
  });
});

describe("planPolicyChange", () => {
  const pending = (policy: ExecutionPolicy): ExecutionPlan => step(policy, null, "in_progress", coder, coder, "done")!;

  it("removing the policy while in review hands the issue back to its executor", () => {
    expect(planPolicyChange(null, pending(twoStages).state)).toMatchObject({ status: "in_progress", assignee: coder, state: null });
    expect(planPolicyChange(null, null)).toBeNull();
  });

  it("a removed current participant is replaced by another eligible one, or the change is refused", () => {
    const reviewers = normalizePolicy({
      stages: [
        {
          id: "r",
          type: "review",
          participants: [
            { type: "agent", agentId: "qa" },
            { type: "agent", agentId: "qa2" },
          ],
        },
      ],
    })!;
    const state = pending(reviewers).state;
    const without = normalizePolicy({ stages: [{ id: "r", type: "review", participants: [{ type: "agent", agentId: "qa2" }] }] })!;
    expect(planPolicyChange(without, state)).toMatchObject({ status: "in_review", assignee: agent("qa2"), wake: { reason: "execution_review_requested" } });
    const onlyCoder = normalizePolicy({ stages: [{ id: "r", type: "review", participants: [{ type: "agent", agentId: "coder" }] }] })!;
    expect(refusal(() => planPolicyChange(onlyCoder, state))).toMatch(/^422 no_eligible_participant/);
    expect(planPolicyChange(reviewers, state)).toMatchObject({ assignee: qa, wake: null });
  });

  it("when the current stage is removed the issue moves to the first stage left to pass", () => {
    const approvalOnly = normalizePolicy({ stages: [{ id: "approval", type: "approval", participants: [{ type: "user", userId: "cto" }] }] })!;
    expect(planPolicyChange(approvalOnly, pending(twoStages).state)).toMatchObject({ assignee: cto, state: { currentStageId: "approval" } });
  });
});
