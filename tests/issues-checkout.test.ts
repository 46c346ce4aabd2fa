import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as releaseRoute from "@/app/api/issues/[id]/release/route";
import { db } from "@/lib/db/client";
import { callRoute } from "./support/fixtures";
import { agentWithRun, checkout, comment, createIssue, issueWorld, patchIssue } from "./support/issues";

const CONFLICT_DETAIL_KEYS = ["assigneeAgentId", "checkoutRunId", "executionRunId", "hint", "issueId", "reason", "status"];

describe("POST /api/issues/:id/checkout", () => {
  it("exactly one of 50 concurrent agents wins; every loser gets 409 checkout_conflict with the holder's details", async () => {
    const { company, board } = await issueWorld();
    const contenders = await Promise.all(Array.from({ length: 50 }, (_, i) => agentWithRun(company.id, `Racer ${i}`)));
    const issue = (await createIssue(company.id, board.token, { title: "Race", status: "todo" })).json;
    const results = await Promise.all(contenders.map((agent) => checkout(issue.id, agent, ["todo"])));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(losers.every((r) => r.status === 409 && r.json.code === "checkout_conflict")).toBe(true);
    const winnerId = winners[0].json.assigneeAgentId;
    for (const loser of losers) {
      expect(Object.keys(loser.json.details).sort()).toEqual(CONFLICT_DETAIL_KEYS);
      expect(loser.json.details).toMatchObject({ issueId: issue.id, status: "in_progress", assigneeAgentId: winnerId, reason: "held_by_other_agent" });
    }
    const stored = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(stored.assigneeAgentId).toBe(winnerId);
    expect(await db.activityLog.count({ where: { entityId: issue.id, action: "issue.checked_out" } })).toBe(1);
  });

  it("is idempotent for the same agent and run, and records one checkout", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Mine", assigneeAgentId: alice.agent.id })).json;
    const first = await checkout(issue.id, alice);
    const second = await checkout(issue.identifier, alice);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.json).toMatchObject({ status: "in_progress", assigneeAgentId: alice.agent.id, checkoutRunId: alice.runId, executionRunId: alice.runId });
    expect(second.json.checkoutRunId).toBe(alice.runId);
    expect(first.json.startedAt).not.toBeNull();
    expect(await db.activityLog.count({ where: { entityId: issue.id, action: "issue.checked_out" } })).toBe(1);
  });

  it("403 when an agent checks out as someone else; 401 without a run id; 400 for a malformed run id", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", status: "todo" })).json;
    const asOther = await checkout(issue.id, { ...alice, agent: bob.agent });
    expect([asOther.status, asOther.json.code]).toEqual([403, "checkout_as_other_agent"]);
    const noRun = await checkout(issue.id, alice, ["todo"], {});
    expect([noRun.status, noRun.json.code]).toEqual([401, "run_id_required"]);
    const badRun = await checkout(issue.id, alice, ["todo"], { "x-paperclip-run-id": "not-a-uuid" });
    expect([badRun.status, badRun.json.code]).toEqual([400, "invalid_run_id"]);
  });

  it("409 status_not_expected names the current status", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Backlog item" })).json;
    expect(issue.status).toBe("backlog");
    const res = await checkout(issue.id, alice, ["todo"]);
    expect(res.status).toBe(409);
    expect(res.json.details).toMatchObject({ reason: "status_not_expected", status: "backlog" });
  });

  it("another live run of the same agent gets 409 held_by_other_run; a finished or vanished run's lock is adopted", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Long job", status: "todo" })).json;
    expect((await checkout(issue.id, alice)).status).toBe(200);
    const secondRun = { ...alice, runId: randomUUID() };
    secondRun.headers = { "x-paperclip-run-id": secondRun.runId };
    const refused = await checkout(issue.id, secondRun, ["todo"]);
    expect([refused.status, refused.json.details.reason]).toEqual([409, "held_by_other_run"]);

    await db.heartbeatRun.update({ where: { id: alice.runId }, data: { status: "succeeded", finishedAt: new Date() } });
    const adopted = await checkout(issue.id, secondRun, ["todo"]);
    expect([adopted.status, adopted.json.checkoutRunId]).toEqual([200, secondRun.runId]);

    const thirdRun = { ...alice, runId: randomUUID() };
    thirdRun.headers = { "x-paperclip-run-id": thirdRun.runId };
    await db.heartbeatRun.delete({ where: { id: secondRun.runId } });
    const adoptedAgain = await checkout(issue.id, thirdRun, ["todo"]);
    expect([adoptedAgain.status, adoptedAgain.json.checkoutRunId]).toEqual([200, thirdRun.runId]);
    const activity = await db.activityLog.findMany({ where: { entityId: issue.id, action: "issue.checked_out" }, orderBy: { createdAt: "asc" } });
    expect(activity.map((row) => (row.details as { adopted: boolean }).adopted)).toEqual([false, true, true]);
  });

  it("an external run idle for 30 minutes no longer holds its lock", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Abandoned", status: "todo" })).json;
    await checkout(issue.id, alice);
    await db.heartbeatRun.update({ where: { id: alice.runId }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    const next = { ...alice, runId: randomUUID() };
    next.headers = { "x-paperclip-run-id": next.runId };
    expect((await checkout(issue.id, next, ["todo"])).status).toBe(200);
  });

  it("agents cannot check out issues assigned to another agent or a board user", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const forBob = (await createIssue(company.id, board.token, { title: "Bob's", assigneeAgentId: bob.agent.id })).json;
    expect((await checkout(forBob.id, alice)).json.details.reason).toBe("held_by_other_agent");
    const forUser = (await createIssue(company.id, board.token, { title: "Human's", assigneeUserId: board.user.id })).json;
    expect((await checkout(forUser.id, alice)).json.details.reason).toBe("assigned_to_user");
  });
});

describe("run ownership", () => {
  it("PATCH, comment and release from another live run of the holder → 409 run_ownership_conflict; the holding run may", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Owned", status: "todo" })).json;
    await checkout(issue.id, alice);
    const otherRun = { "x-paperclip-run-id": randomUUID() };
    for (const attempt of [
      await patchIssue(issue.id, alice.token, { comment: "from the wrong run" }, otherRun),
      await comment(issue.id, alice.token, "also wrong", otherRun),
      await callRoute(releaseRoute.POST, "POST", "", { token: alice.token, params: { id: issue.id }, headers: otherRun }),
    ]) {
      expect([attempt.status, attempt.json.code]).toEqual([409, "run_ownership_conflict"]);
    }
    expect(await db.issueComment.count({ where: { issueId: issue.id } })).toBe(0);
    expect((await comment(issue.id, alice.token, "progress", alice.headers)).status).toBe(201);
    expect((await comment(issue.id, board.token, "board may always comment")).status).toBe(201);
  });

  it("a run id that belongs to another agent is refused", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", status: "todo" })).json;
    await checkout(issue.id, alice);
    const stolen = await comment(issue.id, bob.token, "hi", alice.headers);
    expect([stolen.status, stolen.json.code]).toEqual([403, "run_agent_mismatch"]);
  });

  it("an unknown run id becomes an external heartbeat run owned by the agent", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T" })).json;
    await comment(issue.id, alice.token, "first contact", alice.headers);
    const run = await db.heartbeatRun.findUniqueOrThrow({ where: { id: alice.runId } });
    expect(run).toMatchObject({ agentId: alice.agent.id, companyId: company.id, invocationSource: "external", status: "running" });
    const row = await db.activityLog.findFirstOrThrow({ where: { entityId: issue.id, action: "issue.comment_added" } });
    expect(row.runId).toBe(alice.runId);
  });
});

describe("POST /api/issues/:id/release", () => {
  it("returns the issue to todo with no assignee or locks; only the holder or the board may", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const assigned = (await createIssue(company.id, board.token, { title: "Assigned", status: "todo", assigneeAgentId: alice.agent.id })).json;
    const notAssignee = await callRoute(releaseRoute.POST, "POST", "", { token: bob.token, params: { id: assigned.id }, headers: bob.headers });
    expect([notAssignee.status, notAssignee.json.code]).toEqual([403, "not_holder"]);
    const issue = (await createIssue(company.id, board.token, { title: "T", status: "todo" })).json;
    await checkout(issue.id, alice);
    const notHolder = await callRoute(releaseRoute.POST, "POST", "", { token: bob.token, params: { id: issue.id }, headers: bob.headers });
    expect([notHolder.status, notHolder.json.code, notHolder.json.details.assigneeAgentId]).toEqual([409, "checkout_conflict", alice.agent.id]);
    const released = await callRoute(releaseRoute.POST, "POST", "", { token: alice.token, params: { id: issue.id }, headers: alice.headers });
    expect(released.json).toMatchObject({ status: "todo", assigneeAgentId: null, assigneeUserId: null, checkoutRunId: null, executionRunId: null });
    await checkout(issue.id, bob);
    const byBoard = await callRoute(releaseRoute.POST, "POST", "", { token: board.token, params: { id: issue.id } });
    expect(byBoard.json.status).toBe("todo");
  });
});

describe("deleting", () => {
  it("agents delete only their own comments; only the board deletes issues", async () => {
    const { DELETE: deleteComment } = await import("@/app/api/issues/[id]/comments/[commentId]/route");
    const { DELETE: deleteIssue } = await import("@/app/api/issues/[id]/route");
    const { company, board, alice, bob } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T" })).json;
    const note = (await comment(issue.id, alice.token, "mine", alice.headers)).json;
    const params = { id: issue.id, commentId: note.id };
    const byBob = await callRoute(deleteComment, "DELETE", "", { token: bob.token, params, headers: bob.headers });
    expect([byBob.status, byBob.json.code]).toEqual([403, "not_comment_author"]);
    expect((await callRoute(deleteComment, "DELETE", "", { token: alice.token, params, headers: alice.headers })).json).toEqual({ ok: true });
    expect((await callRoute(deleteIssue, "DELETE", "", { token: alice.token, params: { id: issue.id } })).status).toBe(403);
    expect((await callRoute(deleteIssue, "DELETE", "", { token: board.token, params: { id: issue.id } })).json).toEqual({ ok: true });
    expect(await db.issue.count({ where: { id: issue.id } })).toBe(0);
  });
});

describe("X-Paperclip-Run-Id", () => {
  it("a malformed header is 400 invalid_run_id, not ignored", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", status: "todo" })).json;
    const res = await checkout(issue.id, alice, ["todo"], { "x-paperclip-run-id": "../../etc/passwd" });
    expect([res.status, res.json.code, res.json.invalid_params[0].name]).toEqual([400, "invalid_run_id", "header.X-Paperclip-Run-Id"]);
  });
});
