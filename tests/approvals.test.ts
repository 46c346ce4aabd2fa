import { describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/approvals/[id]/approve/route";
import * as commentsRoute from "@/app/api/approvals/[id]/comments/route";
import * as approvalIssuesRoute from "@/app/api/approvals/[id]/issues/route";
import * as rejectRoute from "@/app/api/approvals/[id]/reject/route";
import * as revisionRoute from "@/app/api/approvals/[id]/request-revision/route";
import * as resubmitRoute from "@/app/api/approvals/[id]/resubmit/route";
import * as approvalRoute from "@/app/api/approvals/[id]/route";
import * as companyApprovalsRoute from "@/app/api/companies/[companyId]/approvals/route";
import * as issueApprovalsRoute from "@/app/api/issues/[id]/approvals/route";
import { db } from "@/lib/db/client";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { createIssue, issueWorld } from "./support/issues";
import { wakesFor } from "./support/plans";

const REQUEST = {
  type: "request_board_approval",
  payload: {
    title: "Approve monthly hosting spend",
    summary: "Estimated cost is $42/month for provider X.",
    recommendedAction: "Approve provider X and continue setup.",
    risks: ["Costs may increase with usage."],
  },
};

function requestApproval(companyId: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return callRoute(companyApprovalsRoute.POST, "POST", `/api/companies/${companyId}/approvals`, { token, params: { companyId }, body, headers });
}

const DECIDE = { approve: approveRoute.POST, reject: rejectRoute.POST, "request-revision": revisionRoute.POST };
function decide(action: keyof typeof DECIDE, id: string, token: string, body: Record<string, unknown> = {}) {
  return callRoute(DECIDE[action], "POST", `/api/approvals/${id}/${action}`, { token, params: { id }, body });
}

async function approvalWorld() {
  const world = await issueWorld();
  const issue = (await createIssue(world.company.id, world.board.token, { title: "Set up hosting", assigneeAgentId: world.alice.agent.id })).json;
  const approval = (
    await requestApproval(
      world.company.id,
      world.alice.token,
      { ...REQUEST, requestedByAgentId: world.alice.agent.id, issueIds: [issue.id] },
      world.alice.headers,
    )
  ).json;
  return { ...world, issue, approval };
}

describe("board approvals", () => {
  it("an agent requests one linked to its issue; it shows on the issue and in the pending list", async () => {
    const { company, board, alice, issue, approval } = await approvalWorld();
    expect(approval).toMatchObject({
      type: "request_board_approval",
      status: "pending",
      requestedByAgentId: alice.agent.id,
      payload: REQUEST.payload,
      decisionNote: null,
    });
    const pending = await callRoute(companyApprovalsRoute.GET, "GET", "/a", { token: board.token, params: { companyId: company.id }, query: "status=pending" });
    expect(pending.json.map((a: { id: string }) => a.id)).toEqual([approval.id]);
    const onIssue = await callRoute(issueApprovalsRoute.GET, "GET", "/i", { token: alice.token, params: { id: issue.identifier } });
    expect(onIssue.json.map((a: { id: string }) => a.id)).toEqual([approval.id]);
    const issues = await callRoute(approvalIssuesRoute.GET, "GET", "/ai", { token: board.token, params: { id: approval.id } });
    expect(issues.json.map((i: { identifier: string }) => i.identifier)).toEqual([issue.identifier]);
  });

  it("approve wakes the requester with the id, status and note; repeating it is a 200 no-op, a contrary decision 422", async () => {
    const { board, alice, issue, approval } = await approvalWorld();
    const approved = await decide("approve", approval.id, board.token, { decisionNote: "Go with X, cap at $60." });
    expect(approved.json).toMatchObject({ status: "approved", decisionNote: "Go with X, cap at $60.", decidedByUserId: board.user.id });
    const wake = (await wakesFor(alice.agent.id)).at(-1)!;
    expect(wake).toMatchObject({ reason: "approval_approved", issueId: issue.id });
    expect(wake.payload).toEqual({
      approvalId: approval.id,
      approvalStatus: "approved",
      decisionNote: "Go with X, cap at $60.",
      issueId: issue.id,
      issueIds: [issue.id],
    });
    const wakesBefore = (await wakesFor(alice.agent.id)).length;
    expect((await decide("approve", approval.id, board.token)).json.decisionNote).toBe("Go with X, cap at $60.");
    expect((await wakesFor(alice.agent.id)).length).toBe(wakesBefore);
    const contrary = await decide("reject", approval.id, board.token, { decisionNote: "Changed my mind" });
    expect([contrary.status, contrary.json.code]).toEqual([422, "approval_not_pending"]);
  });

  it("reject and request-revision wake with their notes; resubmit returns it to pending with a new payload", async () => {
    const { board, alice, company, approval } = await approvalWorld();
    const revision = await decide("request-revision", approval.id, board.token, { decisionNote: "Compare with provider Y first." });
    expect(revision.json.status).toBe("revision_requested");
    expect((await wakesFor(alice.agent.id)).at(-1)).toMatchObject({
      reason: "approval_revision_requested",
      payload: { approvalStatus: "revision_requested", decisionNote: "Compare with provider Y first." },
    });
    expect((await decide("request-revision", approval.id, board.token)).status).toBe(422);

    const resubmit = (token: string, headers: Record<string, string> = {}, body: Record<string, unknown> = {}) =>
      callRoute(resubmitRoute.POST, "POST", "/rs", { token, params: { id: approval.id }, body, headers });
    const bob = (await issueWorld()).bob;
    expect((await resubmit(bob.token, bob.headers)).status).toBe(404);
    const resubmitted = await resubmit(alice.token, alice.headers, { payload: { ...REQUEST.payload, summary: "Y costs $55; X is still best." } });
    expect(resubmitted.json).toMatchObject({ status: "pending", decisionNote: null, payload: { summary: "Y costs $55; X is still best." } });
    expect((await resubmit(alice.token, alice.headers)).status).toBe(422);

    const rejected = await decide("reject", approval.id, board.token, { decisionNote: "Too expensive." });
    expect(rejected.json.status).toBe("rejected");
    expect((await wakesFor(alice.agent.id)).at(-1)).toMatchObject({
      reason: "approval_rejected",
      payload: { approvalStatus: "rejected", decisionNote: "Too expensive." },
    });
    expect(company.id).toBe(approval.companyId);
  });

  it("two board members deciding at once: one decision stands and one wake is written", async () => {
    const { board, alice, company, approval } = await approvalWorld();
    const other = await seedUser({ memberships: { [company.id]: "owner" } });
    const before = (await wakesFor(alice.agent.id)).length;
    const [a, b] = await Promise.all([decide("approve", approval.id, board.token), decide("reject", approval.id, other.token)]);
    expect([a.status, b.status].sort()).toEqual([200, 422]);
    expect((await wakesFor(alice.agent.id)).length).toBe(before + 1);
  });

  it("agents cannot decide (403) nor request as another agent; viewers cannot decide; other companies see 404", async () => {
    const { company, bob, alice, approval } = await approvalWorld();
    expect((await decide("approve", approval.id, alice.token)).status).toBe(403);
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    expect((await decide("approve", approval.id, viewer.token)).status).toBe(403);
    const asOther = await requestApproval(company.id, alice.token, { ...REQUEST, requestedByAgentId: bob.agent.id }, alice.headers);
    expect([asOther.status, asOther.json.code]).toEqual([403, "requester_mismatch"]);
    const outsider = await seedUser({ memberships: { [(await seedCompany()).id]: "owner" } });
    expect((await callRoute(approvalRoute.GET, "GET", "/g", { token: outsider.token, params: { id: approval.id } })).status).toBe(404);
    expect((await decide("approve", approval.id, outsider.token)).status).toBe(404);
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("pending");
  });

  it("a request without a title, or linking another company's issue, is refused naming the field", async () => {
    const { company, board } = await approvalWorld();
    const noTitle = await requestApproval(company.id, board.token, { type: "request_board_approval", payload: { summary: "s", risks: "one" } });
    expect(noTitle.status).toBe(422);
    expect(noTitle.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["body.payload.risks", "body.payload.title"]);
    const other = await seedCompany();
    const theirIssue = await db.issue.create({ data: { companyId: other.id, number: 1, identifier: `${other.issuePrefix}-1`, title: "Theirs" } });
    const foreign = await requestApproval(company.id, board.token, { ...REQUEST, issueIds: [theirIssue.id] });
    expect([foreign.status, foreign.json.invalid_params[0].name]).toEqual([422, "body.issueIds"]);
    expect(await db.approval.count({ where: { companyId: company.id } })).toBe(1);
  });

  it("a board comment wakes the requester; the agent's own comment does not; links are idempotent", async () => {
    const { board, alice, company, issue, approval } = await approvalWorld();
    const post = (token: string, body: string, headers: Record<string, string> = {}) =>
      callRoute(commentsRoute.POST, "POST", "/c", { token, params: { id: approval.id }, body: { body }, headers });
    const boardComment = await post(board.token, "What about provider Y?");
    expect(boardComment.status).toBe(201);
    expect((await wakesFor(alice.agent.id)).at(-1)).toMatchObject({
      reason: "approval_commented",
      payload: { approvalId: approval.id, commentId: boardComment.json.id },
    });
    const before = (await wakesFor(alice.agent.id)).length;
    await post(alice.token, "Y is $55.", alice.headers);
    expect((await wakesFor(alice.agent.id)).length).toBe(before);
    const list = await callRoute(commentsRoute.GET, "GET", "/c", { token: board.token, params: { id: approval.id } });
    expect(list.json.map((c: { body: string }) => c.body)).toEqual(["What about provider Y?", "Y is $55."]);

    const second = (await createIssue(company.id, board.token, { title: "Billing alerts" })).json;
    const link = () => callRoute(issueApprovalsRoute.POST, "POST", "/l", { token: board.token, params: { id: second.id }, body: { approvalId: approval.id } });
    expect((await link()).status).toBe(201);
    expect((await link()).json.map((a: { id: string }) => a.id)).toEqual([approval.id]);
    expect(await db.issueApproval.count({ where: { approvalId: approval.id } })).toBe(2);
    expect(issue.id).not.toBe(second.id);
  });
});
