import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as companyWorkflowRoute from "@/app/api/companies/[companyId]/workflow/route";
import * as validateRoute from "@/app/api/companies/[companyId]/workflow/validate/route";
import * as attachmentsRoute from "@/app/api/issues/[id]/attachments/route";
import * as contextRoute from "@/app/api/issues/[id]/heartbeat-context/route";
import * as projectWorkflowRoute from "@/app/api/projects/[id]/workflow/route";
import { db } from "@/lib/db/client";
import { callRoute, seedUser } from "./support/fixtures";
import { checkout, comment, createIssue, getIssue, issueWorld, patchIssue, type AgentHandle } from "./support/issues";

const SEED = readFileSync("workflows/seed.yaml", "utf8");
const WITH_GATES = `${SEED}\ngates:\nstatus:working: [{type: gate/tests, enforcement: warn, description: Evidence that tests pass}]\nstatus:failed: [{type: error, enforcement: reject}]\n`;

function putWorkflow(companyId: string, token: string, source: string) {
  return callRoute(companyWorkflowRoute.PUT, "PUT", `/api/companies/${companyId}/workflow`, { token, params: { companyId }, body: { source } });
}

function attach(id: string, agent: AgentHandle, body: Record<string, unknown>) {
  return callRoute(attachmentsRoute.POST, "POST", `/api/issues/${id}/attachments`, { token: agent.token, params: { id }, body, headers: agent.headers });
}

async function seededWorld(source = SEED) {
  const world = await issueWorld();
  const owner = await seedUser({ memberships: { [world.company.id]: "owner" } });
  const saved = await putWorkflow(world.company.id, owner.token, source);
  expect(saved.status).toBe(200);
  const issue = (await createIssue(world.company.id, world.board.token, { title: "Wire the limiter", assigneeAgentId: world.alice.agent.id })).json;
  return { ...world, owner, issue };
}

describe("workflow documents", () => {
  it("the seed file saves unchanged; the default shows until then; a bad document is 422 naming each problem with its line", async () => {
    const { company, board } = await issueWorld();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const before = await callRoute(companyWorkflowRoute.GET, "GET", "/w", { token: board.token, params: { companyId: company.id } });
    expect(before.json).toMatchObject({ origin: "default", workflow: { initialState: "backlog" } });

    const bad = await putWorkflow(company.id, owner.token, "settings:\n  initial_state: start\nstates:\n  todo:\n    exits: [done, moon]\n  done: {}\n");
    expect([bad.status, bad.json.code]).toEqual([422, "invalid_workflow"]);
    expect(bad.json.invalid_params).toEqual([
      { name: "states.todo.exits[1]", reason: 'line 5: Unknown exit target "moon"' },
      { name: "settings.initial_state", reason: 'line 2: Initial state "start" is not one of the states' },
    ]);
    expect((await putWorkflow(company.id, board.token, SEED)).status).toBe(403);

    const saved = await putWorkflow(company.id, owner.token, SEED);
    expect(saved.json).toMatchObject({ origin: "company", source: SEED, workflow: { initialState: "pending" } });
    const dryRun = await callRoute(validateRoute.POST, "POST", "/v", {
      token: board.token,
      params: { companyId: company.id },
      body: { source: "states: []\n" },
    });
    expect(dryRun.json).toMatchObject({
      valid: false,
      problems: [
        { path: "settings", line: null },
        { path: "states", line: 1 },
      ],
    });
    expect(await db.workflow.count({ where: { companyId: company.id } })).toBe(1);
  });

  it("a project's workflow overrides the company's for its issues", async () => {
    const { company, board, owner, alice, issue } = await seededWorld();
    expect((await patchIssue(issue.id, board.token, { status: "done" })).json.code).toBe("invalid_transition");
    const project = await db.project.create({ data: { companyId: company.id, name: "Docs", urlKey: "docs" } });
    const own = await callRoute(projectWorkflowRoute.PUT, "PUT", "/p", {
      token: owner.token,
      params: { id: project.id },
      body: { source: readFileSync("workflows/default.yaml", "utf8") },
    });
    expect(own.json).toMatchObject({ origin: "project", projectId: project.id });
    const docsIssue = (await createIssue(company.id, board.token, { title: "Write docs", projectId: project.id, assigneeAgentId: alice.agent.id })).json;
    expect((await patchIssue(docsIssue.id, board.token, { status: "done" })).json).toMatchObject({ status: "done", workflowState: "done" });
  });
});

describe("the seed workflow drives an issue", () => {
  it("exits are enforced (todo→done lists the valid exits), checkout enters working with rendered prompts, working time adds up", async () => {
    const { alice, board, issue } = await seededWorld();
    expect((await getIssue(issue.id, board.token)).json).toMatchObject({ status: "todo", workflowState: "pending", timeActualMs: 0 });
    const refused = await patchIssue(issue.id, board.token, { status: "done" });
    expect([refused.status, refused.json.code]).toEqual([422, "invalid_transition"]);
    expect(refused.json.detail).toBe("Cannot move from pending (todo) to done. Valid exits: assigned (todo), working (in_progress), cancelled");
    expect(refused.json.details.validExits).toEqual([
      { state: "assigned", status: "todo" },
      { state: "working", status: "in_progress" },
      { state: "cancelled", status: "cancelled" },
    ]);

    const started = await checkout(issue.id, alice, ["todo"]);
    expect(started.json).toMatchObject({ status: "in_progress", workflowState: "working" });
    const enter = started.json.workflowPrompts.find((prompt: { kind: string }) => prompt.kind === "state_enter");
    expect(enter.text).toContain("From `working` you can transition to:\n- completed\n- failed\n- pending");
    expect(enter.text).toContain("Current phase: none");

    const phased = await patchIssue(issue.id, alice.token, { phase: "implement" }, alice.headers);
    expect(phased.json.workflowPrompts.map((prompt: { kind: string; name: string }) => `${prompt.kind}:${prompt.name}`)).toEqual([
      "phase_enter:implement",
      "combo_enter:working+implement",
    ]);
    const odd = await patchIssue(issue.id, alice.token, { phase: "daydream" }, alice.headers);
    expect(odd.json.warnings).toEqual([
      'Unknown phase "daydream"; valid phases: explore, implement, review, test, security, deliver, triage, diagnose, design, plan, doc, integrate, deploy, monitor, optimize',
    ]);

    await db.issue.update({ where: { id: issue.id }, data: { stateEnteredAt: new Date(Date.now() - 90_000) } });
    const done = await patchIssue(issue.id, alice.token, { status: "done", comment: "Shipped" }, alice.headers);
    expect(done.json).toMatchObject({ status: "done", workflowState: "completed" });
    expect(done.json.timeActualMs).toBeGreaterThanOrEqual(90_000);
    expect(done.json.stateTimeMs.working).toBe(done.json.timeActualMs);
    expect(done.json.workflowPrompts.map((prompt: { kind: string }) => prompt.kind)).toEqual(["state_exit", "state_enter"]);

    const context = await callRoute(contextRoute.GET, "GET", "/c", { token: alice.token, params: { id: issue.id } });
    expect(context.json.workflowPrompts[0]).toMatchObject({ kind: "state_enter", name: "completed" });
  });

  it("a comment's reopen obeys the same exits as a PATCH reopen: cancelled has none in the seed", async () => {
    const { board, issue } = await seededWorld();
    expect((await patchIssue(issue.id, board.token, { status: "cancelled" })).json.workflowState).toBe("cancelled");
    const byPatch = await patchIssue(issue.id, board.token, { reopen: true });
    expect([byPatch.status, byPatch.json.code]).toEqual([422, "invalid_transition"]);
    const byComment = await comment(issue.id, board.token, "Reopening", {}, { reopen: true });
    expect([byComment.status, byComment.json.code]).toEqual([422, "invalid_transition"]);
    const after = (await getIssue(issue.id, board.token)).json;
    expect(after).toMatchObject({ status: "cancelled", workflowState: "cancelled" });
    expect(await db.issueComment.count({ where: { issueId: issue.id } })).toBe(0);
  });

  it("a warn gate refuses leaving working with 409 until gate/tests is attached or force is sent; reject gates cannot be forced", async () => {
    const { alice, issue } = await seededWorld(WITH_GATES);
    await checkout(issue.id, alice, ["todo"]);
    const gated = await patchIssue(issue.id, alice.token, { status: "done" }, alice.headers);
    expect([gated.status, gated.json.code]).toEqual([409, "gate_unsatisfied"]);
    expect(gated.json.details.gates).toEqual([{ type: "gate/tests", enforcement: "warn", description: "Evidence that tests pass" }]);
    expect(gated.json.detail).toContain("Evidence that tests pass");

    const forced = await patchIssue(issue.id, alice.token, { status: "blocked", force: true }, alice.headers);
    expect(forced.json).toMatchObject({ status: "blocked", workflowState: "failed" });
    expect(await db.activityLog.count({ where: { entityId: issue.id, action: "issue.gate_forced" } })).toBe(1);
    const stuck = await patchIssue(issue.id, alice.token, { status: "todo", force: true }, alice.headers);
    expect([stuck.status, stuck.json.code]).toEqual([422, "gate_rejected"]);
    expect((await attach(issue.id, alice, { type: "error", content: "Build failed: missing dependency" })).status).toBe(201);
    expect((await patchIssue(issue.id, alice.token, { status: "todo" }, alice.headers)).json.workflowState).toBe("pending");

    await checkout(issue.id, alice, ["todo"]);
    expect((await attach(issue.id, alice, { type: "gate/tests", content: "All tests passing" })).status).toBe(201);
    expect((await patchIssue(issue.id, alice.token, { status: "done" }, alice.headers)).json.status).toBe("done");
  });
});

describe("attachments", () => {
  it("replace keeps only the newest, append keeps history, unknown types follow the workflow, and size is limited (413)", async () => {
    const { alice, issue } = await seededWorld(`${SEED.replace("unknown_phase: warn", "unknown_phase: warn\nunknown_attachment: reject")}`);
    await attach(issue.id, alice, { type: "plan", content: "## v1" });
    await attach(issue.id, alice, { type: "plan", content: "## v2" });
    await attach(issue.id, alice, { type: "note", content: "one" });
    await attach(issue.id, alice, { type: "note", content: "two" });
    const list = await callRoute(attachmentsRoute.GET, "GET", "/a", { token: alice.token, params: { id: issue.id } });
    expect(list.json.map((a: { type: string; content: string; mime: string }) => `${a.type}:${a.content}:${a.mime}`)).toEqual([
      "plan:## v2:text/markdown",
      "note:one:text/plain",
      "note:two:text/plain",
    ]);
    const unknown = await attach(issue.id, alice, { type: "selfie", content: "x" });
    expect([unknown.status, unknown.json.invalid_params[0].name]).toEqual([422, "type"]);
    const huge = await attach(issue.id, alice, { type: "note", content: "x".repeat(256 * 1024 + 1) });
    expect([huge.status, huge.json.code]).toEqual([413, "attachment_too_large"]);
  });
});
