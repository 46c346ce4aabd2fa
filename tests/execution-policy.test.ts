import { describe, expect, it } from "vitest";
import * as needsMeRoute from "@/app/api/companies/[companyId]/needs-me/route";
import * as inboxRoute from "@/app/api/agents/me/inbox-lite/route";
import * as issueRoute from "@/app/api/issues/[id]/route";
import { db } from "@/lib/db/client";
import { BASE_URL, callRoute, seedCompany, seedUser, sessionCookie } from "./support/fixtures";
import { agentWithRun, checkout, createIssue, getIssue, issueWorld, patchIssue } from "./support/issues";
import { createInteraction, wakesFor } from "./support/plans";

/** A board user acting through the browser session, as the Needs me page does. */
async function asSession(userId: string) {
  const cookie = await sessionCookie(userId);
  return {
    patch: (id: string, body: Record<string, unknown>) =>
      callRoute(issueRoute.PATCH, "PATCH", `/api/issues/${id}`, { cookie, params: { id }, body, headers: { origin: BASE_URL } }),
    needsMe: (companyId: string) => callRoute(needsMeRoute.GET, "GET", `/api/companies/${companyId}/needs-me`, { cookie, params: { companyId } }),
  };
}

/** Coder works the issue; QA (agent) reviews; the CTO (board user) approves. */
async function reviewWorld() {
  const { company, board, alice: coder, bob: qa } = await issueWorld();
  const cto = await seedUser({ memberships: { [company.id]: "operator" } });
  const executionPolicy = {
    stages: [
      { type: "review", participants: [{ type: "agent", agentId: qa.agent.id }] },
      { type: "approval", participants: [{ type: "user", userId: cto.user.id }] },
    ],
  };
  const issue = (await createIssue(company.id, board.token, { title: "Add rate limiting", assigneeAgentId: coder.agent.id, executionPolicy })).json;
  expect((await checkout(issue.id, coder)).status).toBe(200);
  return { company, board, coder, qa, cto, issue, executionPolicy };
}

describe("execution policy over HTTP", () => {
  it("executor done → QA reviews → CTO approves from a session → done, each hand-off waking the right agent", async () => {
    const { company, coder, qa, cto, issue } = await reviewWorld();
    const created = (await getIssue(issue.id, coder.token)).json;
    expect(created.executionPolicy).toMatchObject({ mode: "normal", commentRequired: true, stages: [{ type: "review" }, { type: "approval" }] });
    expect(created.executionState).toBeNull();

    const submitted = await patchIssue(issue.id, coder.token, { status: "done", comment: "Implemented the bucket." }, coder.headers);
    expect(submitted.json).toMatchObject({
      status: "in_review",
      assigneeAgentId: qa.agent.id,
      executionState: {
        status: "pending",
        currentStageType: "review",
        currentParticipant: { type: "agent", agentId: qa.agent.id },
        returnAssignee: { type: "agent", agentId: coder.agent.id },
      },
    });
    const reviewWake = (await wakesFor(qa.agent.id)).at(-1)!;
    expect(reviewWake).toMatchObject({ reason: "execution_review_requested", issueId: issue.id });
    expect(reviewWake.payload).toMatchObject({ executionStage: { wakeRole: "reviewer", stageType: "review", allowedActions: ["approve", "request_changes"] } });
    expect((await wakesFor(qa.agent.id)).filter((w) => w.reason === "issue_assigned")).toHaveLength(0);

    const reviewed = await patchIssue(issue.id, qa.token, { status: "done", comment: "Reviewed: tests cover the burst case." }, qa.headers);
    expect(reviewed.json).toMatchObject({
      status: "in_review",
      assigneeUserId: cto.user.id,
      executionState: { currentStageType: "approval", completedStageIds: [created.executionPolicy.stages[0].id] },
    });

    const session = await asSession(cto.user.id);
    const waiting = await session.needsMe(company.id);
    expect(waiting.json.counts).toMatchObject({ stages: 1 });
    expect(waiting.json.items[0]).toMatchObject({ kind: "execution_stage", issue: { id: issue.id }, stage: { type: "approval", index: 1, count: 2 } });

    const approved = await session.patch(issue.id, { status: "done", comment: "Approved for release." });
    expect(approved.json).toMatchObject({
      status: "done",
      assigneeAgentId: coder.agent.id,
      executionState: { status: "completed", lastDecisionOutcome: "approved" },
    });
    expect((await wakesFor(coder.agent.id)).at(-1)).toMatchObject({ reason: "execution_completed" });
    expect((await session.needsMe(company.id)).json.counts.total).toBe(0);
    const decisions = await db.issueExecutionDecision.findMany({ where: { issueId: issue.id }, orderBy: { createdAt: "asc" } });
    expect(decisions.map((d) => [d.stageType, d.outcome, d.body])).toEqual([
      ["review", "approved", "Reviewed: tests cover the burst case."],
      ["approval", "approved", "Approved for release."],
    ]);
    expect(decisions[1].actorUserId).toBe(cto.user.id);
  });

  it("changes requested go back to the executor with the comment; resubmitting returns to the same reviewer", async () => {
    const { coder, qa, issue } = await reviewWorld();
    await patchIssue(issue.id, coder.token, { status: "done", comment: "Ready" }, coder.headers);
    const changes = await patchIssue(issue.id, qa.token, { status: "in_progress", comment: "Changes requested: handle clock skew." }, qa.headers);
    expect(changes.json).toMatchObject({
      status: "in_progress",
      assigneeAgentId: coder.agent.id,
      executionState: { status: "changes_requested", lastDecisionOutcome: "changes_requested" },
    });
    const wake = (await wakesFor(coder.agent.id)).at(-1)!;
    expect(wake).toMatchObject({ reason: "execution_changes_requested" });
    expect(wake.payload).toMatchObject({
      decisionComment: "Changes requested: handle clock skew.",
      executionStage: { wakeRole: "executor", allowedActions: ["address_changes", "resubmit"] },
    });

    expect((await checkout(issue.id, coder, ["in_progress"])).status).toBe(200);
    const again = await patchIssue(issue.id, coder.token, { status: "in_review", comment: "Skew handled." }, coder.headers);
    expect(again.json).toMatchObject({ status: "in_review", assigneeAgentId: qa.agent.id, executionState: { status: "pending", currentStageType: "review" } });
  });

  it("422 for non-participants (agents and board users), for a missing comment, and for a stage nobody may take", async () => {
    const { coder, qa, board, company, issue } = await reviewWorld();
    await patchIssue(issue.id, coder.token, { status: "done", comment: "Ready" }, coder.headers);
    const byExecutor = await patchIssue(issue.id, coder.token, { status: "done", comment: "Approving myself" }, coder.headers);
    expect([byExecutor.status, byExecutor.json.code, byExecutor.json.detail]).toEqual([
      422,
      "not_participant",
      "Only the active reviewer or approver can advance the current execution stage",
    ]);
    expect((await patchIssue(issue.id, board.token, { status: "done", comment: "Board override" })).json.code).toBe("not_participant");
    const noComment = await patchIssue(issue.id, qa.token, { status: "done" }, qa.headers);
    expect([noComment.status, noComment.json.code, noComment.json.invalid_params[0].name]).toEqual([422, "comment_required", "comment"]);
    const comment = await patchIssue(issue.id, coder.token, { comment: "FYI: docs updated too." }, coder.headers);
    expect(comment.status).toBe(200);
    expect((await getIssue(issue.id, qa.token)).json).toMatchObject({ status: "in_review", assigneeAgentId: qa.agent.id });

    const selfOnly = (
      await createIssue(company.id, board.token, {
        title: "Solo",
        assigneeAgentId: coder.agent.id,
        executionPolicy: { stages: [{ type: "review", participants: [{ type: "agent", agentId: coder.agent.id }] }] },
      })
    ).json;
    await checkout(selfOnly.id, coder);
    const refused = await patchIssue(selfOnly.id, coder.token, { status: "done", comment: "Done" }, coder.headers);
    expect([refused.status, refused.json.code]).toEqual([422, "no_eligible_participant"]);
    expect(refused.json.detail).toContain("add another participant");
    expect((await getIssue(selfOnly.id, coder.token)).json.status).toBe("in_progress");
  });

  it("bad policies are refused naming each field; other companies' participants are 422; agents cannot change a policy", async () => {
    const { company, board, coder, issue } = await reviewWorld();
    const bad = await patchIssue(issue.id, board.token, { executionPolicy: { mode: "strict", stages: [{ type: "audit", participants: [] }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual([
      "body.executionPolicy.mode",
      "body.executionPolicy.stages.0.participants",
      "body.executionPolicy.stages.0.type",
    ]);
    const stranger = await agentWithRun((await seedCompany()).id);
    const foreign = await patchIssue(issue.id, board.token, {
      executionPolicy: { stages: [{ type: "review", participants: [{ type: "agent", agentId: stranger.agent.id }] }] },
    });
    expect([foreign.status, foreign.json.invalid_params[0].name]).toEqual([422, "executionPolicy.stages.0.participants.0.agentId"]);
    const byAgent = await patchIssue(issue.id, coder.token, { executionPolicy: null }, coder.headers);
    expect([byAgent.status, byAgent.json.code]).toEqual([403, "execution_policy_board_only"]);
    expect((await getIssue(issue.id, board.token)).json.executionPolicy.stages).toHaveLength(2);
    expect(company.id).toBe(issue.companyId);
  });

  it("removing the policy in review returns the issue to its executor; replacing the reviewer mid-stage wakes the new one", async () => {
    const { company, board, coder, qa, issue, executionPolicy } = await reviewWorld();
    const qa2 = await agentWithRun(company.id, "Quinn");
    await patchIssue(issue.id, coder.token, { status: "done", comment: "Ready" }, coder.headers);
    const swapped = await patchIssue(issue.id, board.token, {
      executionPolicy: { stages: [{ type: "review", participants: [{ type: "agent", agentId: qa2.agent.id }] }, executionPolicy.stages[1]] },
    });
    expect(swapped.json).toMatchObject({ status: "in_review", assigneeAgentId: qa2.agent.id });
    expect((await wakesFor(qa2.agent.id)).at(-1)).toMatchObject({ reason: "execution_review_requested" });
    expect((await patchIssue(issue.id, qa.token, { status: "done", comment: "late" }, qa.headers)).json.code).toBe("not_participant");

    const removed = await patchIssue(issue.id, board.token, { executionPolicy: null });
    expect(removed.json).toMatchObject({ status: "in_progress", assigneeAgentId: coder.agent.id, executionPolicy: null, executionState: null });
    expect((await patchIssue(issue.id, coder.token, { status: "done", comment: "Done without review" }, coder.headers)).json.status).toBe("done");
  });

  it("a stage needing two approvals counts distinct board approvers", async () => {
    const { company, board, alice: coder } = await issueWorld();
    const [cto, ceo] = [await seedUser({ memberships: { [company.id]: "operator" } }), await seedUser({ memberships: { [company.id]: "owner" } })];
    const issue = (
      await createIssue(company.id, board.token, {
        title: "Pricing change",
        assigneeAgentId: coder.agent.id,
        executionPolicy: {
          stages: [
            {
              type: "approval",
              approvalsNeeded: 2,
              participants: [
                { type: "user", userId: cto.user.id },
                { type: "user", userId: ceo.user.id },
              ],
            },
          ],
        },
      })
    ).json;
    await checkout(issue.id, coder);
    await patchIssue(issue.id, coder.token, { status: "done", comment: "Ready" }, coder.headers);
    const first = await (await asSession(cto.user.id)).patch(issue.id, { status: "done", comment: "Yes" });
    expect(first.json).toMatchObject({ status: "in_review", assigneeUserId: ceo.user.id });
    expect((await (await asSession(ceo.user.id)).patch(issue.id, { status: "done", comment: "Yes too" })).json.status).toBe("done");
  });

  it("needs-me lists pending confirmations and approvals too; agents see questions addressed to them in inbox-lite", async () => {
    const { company, board, coder, qa, issue } = await reviewWorld();
    await createInteraction(issue.id, coder.token, { kind: "request_confirmation", payload: { version: 1, prompt: "OK to use Redis?" } }, coder.headers);
    await createInteraction(
      issue.id,
      coder.token,
      {
        kind: "request_confirmation",
        resolverPolicy: "board_or_agents",
        addresseeAgentId: qa.agent.id,
        payload: { version: 1, prompt: "QA: is the fixture right?" },
      },
      coder.headers,
    );
    const session = await asSession(board.user.id);
    const needs = (await session.needsMe(company.id)).json;
    expect(needs.counts).toMatchObject({ confirmations: 2, stages: 0 });
    expect(needs.items.map((i: { kind: string }) => i.kind)).toEqual(["interaction", "interaction"]);
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    expect((await (await asSession(viewer.user.id)).needsMe(company.id)).json.counts.total).toBe(0);
    const agentCall = await callRoute(needsMeRoute.GET, "GET", "/n", { token: coder.token, params: { companyId: company.id } });
    expect(agentCall.status).toBe(403);

    const inbox = await callRoute(inboxRoute.GET, "GET", "/api/agents/me/inbox-lite", { token: qa.token });
    expect(inbox.json).toEqual([expect.objectContaining({ id: issue.id, awaitingAgentResponse: true })]);
  });
});
