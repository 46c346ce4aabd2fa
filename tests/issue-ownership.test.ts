import { describe, expect, it } from "vitest";
import * as attachmentsRoute from "@/app/api/issues/[id]/attachments/route";
import * as releaseRoute from "@/app/api/issues/[id]/release/route";
import { db } from "@/lib/db/client";
import { callRoute } from "./support/fixtures";
import { agentWithRun, checkout, comment, createIssue, issueWorld, patchIssue, type AgentHandle } from "./support/issues";

const release = (id: string, agent: AgentHandle) =>
  callRoute(releaseRoute.POST, "POST", `/api/issues/${id}/release`, { token: agent.token, params: { id }, headers: agent.headers });
const attach = (id: string, agent: AgentHandle) =>
  callRoute(attachmentsRoute.POST, "POST", `/api/issues/${id}/attachments`, {
    token: agent.token,
    params: { id },
    body: { type: "gate/tests", content: "all green" },
    headers: agent.headers,
  });

/** Alice holds a checked-out issue; Bob is a bystander; Lead is Alice's manager; Dispatcher may assign tasks. */
async function heldIssue() {
  const world = await issueWorld();
  const lead = await agentWithRun(world.company.id, "Lead");
  const dispatcher = await agentWithRun(world.company.id, "Dispatcher");
  await db.agent.update({ where: { id: world.alice.agent.id }, data: { reportsTo: lead.agent.id } });
  await db.agent.update({ where: { id: dispatcher.agent.id }, data: { permissions: { canAssignTasks: true } } });
  const issue = (await createIssue(world.company.id, world.board.token, { title: "Held", assigneeAgentId: world.alice.agent.id })).json;
  expect((await checkout(issue.id, world.alice, ["todo"])).status).toBe(200);
  return { ...world, lead, dispatcher, issue };
}

describe("checked-out work is exclusive", () => {
  it("a bystander's change, evidence or release is 409 naming the holder; its comment, and a comment with Paperclip's resume flag, are not", async () => {
    const { alice, bob, issue } = await heldIssue();
    for (const attempt of [
      () => patchIssue(issue.id, bob.token, { priority: "high" }, bob.headers),
      () => attach(issue.id, bob),
      () => release(issue.id, bob),
    ]) {
      const refused = await attempt();
      expect([refused.status, refused.json.code, refused.json.details?.assigneeAgentId]).toEqual([409, "checkout_conflict", alice.agent.id]);
    }
    expect((await comment(issue.id, bob.token, "Can I help?", bob.headers)).status).toBe(201);
    const talk = await patchIssue(issue.id, bob.token, { comment: "Picking this up next", resume: true, status: "in_progress" }, bob.headers);
    expect(talk.status).toBe(200);
    expect(await db.issueComment.count({ where: { issueId: issue.id } })).toBe(2);
    expect(await db.issueAttachment.count({ where: { issueId: issue.id } })).toBe(0);
  });

  it("the holder's manager, up the chain of command, and an agent with canAssignTasks may reassign or release it", async () => {
    const { company, board, alice, bob, lead, dispatcher, issue } = await heldIssue();
    const boss = await agentWithRun(company.id, "Boss");
    await db.agent.update({ where: { id: lead.agent.id }, data: { reportsTo: boss.agent.id } });
    expect((await patchIssue(issue.id, boss.token, { priority: "critical" }, boss.headers)).json.priority).toBe("critical");
    expect((await patchIssue(issue.id, lead.token, { assigneeAgentId: bob.agent.id }, lead.headers)).json).toMatchObject({
      assigneeAgentId: bob.agent.id,
      checkoutRunId: null,
    });
    const second = (await createIssue(company.id, board.token, { title: "Held too", assigneeAgentId: alice.agent.id })).json;
    await checkout(second.id, alice, ["todo"]);
    expect((await release(second.id, dispatcher)).json).toMatchObject({ status: "todo", assigneeAgentId: null });
  });

  it("the current reviewer decides its stage while the executor holds a checkout, but may not change anything else", async () => {
    const { board, alice, bob, company } = await issueWorld();
    const executionPolicy = { stages: [{ type: "review", participants: [{ type: "agent", agentId: bob.agent.id }] }] };
    const issue = (await createIssue(company.id, board.token, { title: "Reviewed", assigneeAgentId: alice.agent.id, executionPolicy })).json;
    await checkout(issue.id, alice, ["todo"]);
    expect((await patchIssue(issue.id, alice.token, { status: "done", comment: "Ready" }, alice.headers)).json.status).toBe("in_review");
    // The executor takes it back to look again while the stage waits on the reviewer.
    await patchIssue(issue.id, board.token, { assigneeAgentId: alice.agent.id });
    expect((await checkout(issue.id, alice, ["in_review"])).json.status).toBe("in_progress");
    const meddling = await patchIssue(issue.id, bob.token, { status: "done", comment: "Approved", title: "Renamed by the reviewer" }, bob.headers);
    expect([meddling.status, meddling.json.code]).toEqual([409, "checkout_conflict"]);
    const decided = await patchIssue(issue.id, bob.token, { status: "done", comment: "Approved" }, bob.headers);
    expect(decided.json).toMatchObject({ status: "done", executionState: { status: "completed" } });
  });

  it("releasing an issue that is not checked out is the assignee's, its directors' or the board's: others get 403 not_holder", async () => {
    const { company, board, alice, bob, lead } = await heldIssue();
    const assigned = (await createIssue(company.id, board.token, { title: "Waiting", assigneeAgentId: alice.agent.id })).json;
    expect([(await release(assigned.id, bob)).status, (await release(assigned.id, bob)).json.code]).toEqual([403, "not_holder"]);
    expect((await release(assigned.id, lead)).json.status).toBe("todo");
  });
});

describe("creating an issue enters its state directly", () => {
  it("a child created done does not wake its parent's assignee; a policy that routes a new issue to review stores the review's workflow state", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const parent = (await createIssue(company.id, board.token, { title: "Parent", assigneeAgentId: alice.agent.id })).json;
    await createIssue(company.id, board.token, { title: "Already done", parentId: parent.id, status: "done" });
    expect(await db.agentWakeupRequest.count({ where: { agentId: alice.agent.id, reason: "issue_children_completed" } })).toBe(0);

    const executionPolicy = { stages: [{ type: "review", participants: [{ type: "agent", agentId: bob.agent.id }] }] };
    const routed = await createIssue(company.id, board.token, { title: "Done on arrival", assigneeAgentId: alice.agent.id, status: "done", executionPolicy });
    expect(routed.json).toMatchObject({ status: "in_review", assigneeAgentId: bob.agent.id, workflowState: "in_review" });
    const created = await db.activityLog.findFirstOrThrow({ where: { entityId: routed.json.id, action: "issue.created" } });
    expect(created.details).toMatchObject({ status: "in_review" });
  });
});
