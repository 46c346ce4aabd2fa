import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as pauseRoute from "@/app/api/agents/[id]/pause/route";
import * as companyWorkflowRoute from "@/app/api/companies/[companyId]/workflow/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import * as projectWorkflowRoute from "@/app/api/projects/[id]/workflow/route";
import { db } from "@/lib/db/client";
import { claimNextRun, executeRun } from "@/lib/heartbeats/scheduler";
import { disconnectAgentWork } from "@/lib/issues/disconnect";
import { backfillBlocking } from "@/lib/workflow/workflows";
import { callRoute, seedUser } from "./support/fixtures";
import { checkout, createIssue, issueWorld, patchIssue } from "./support/issues";
import { processAdapter } from "./support/process-agent";
import { waitFor } from "./support/wait";

const SEED = readFileSync("workflows/seed.yaml", "utf8");
const DEFAULT = readFileSync("workflows/default.yaml", "utf8");

/** The usual cast, with the seed workflow (blocking_states pending, assigned, working; disconnect_state pending) saved as the company's. */
async function world(source: string | null = SEED) {
  const cast = await issueWorld();
  if (source) {
    const owner = await seedUser({ memberships: { [cast.company.id]: "owner" } });
    const saved = await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", { token: owner.token, params: { companyId: cast.company.id }, body: { source } });
    expect(saved.status).toBe(200);
  }
  return cast;
}

type World = Awaited<ReturnType<typeof world>>;

async function todo(w: World, title: string, assigneeAgentId: string, extra: Record<string, unknown> = {}) {
  const created = await createIssue(w.company.id, w.board.token, { title, assigneeAgentId, ...extra });
  expect(created.status).toBe(201);
  return created.json;
}

const row = (id: string) => db.issue.findUniqueOrThrow({ where: { id } });
const blockersResolvedWakes = (agentId: string) => db.agentWakeupRequest.findMany({ where: { agentId, reason: "issue_blockers_resolved" } });

describe("blocking_states: a blocker is unresolved exactly while in one of them", () => {
  it("under the seed workflow a blocker blocks in pending and working, not in completed or failed; its dependant wakes when it fails", async () => {
    const w = await world();
    const completing = await todo(w, "Schema", w.bob.agent.id);
    const failing = await todo(w, "Fixtures", w.bob.agent.id);
    expect(await row(completing.id)).toMatchObject({ status: "todo", workflowState: "pending", blocking: true });
    const first = await todo(w, "Migrate", w.alice.agent.id, { blockedByIssueIds: [completing.id] });
    const second = await todo(w, "Seed data", w.alice.agent.id, { blockedByIssueIds: [failing.id] });

    const refused = await checkout(first.id, w.alice, ["todo"]);
    expect([refused.status, refused.json.code]).toEqual([422, "blockers_unresolved"]);
    expect((await checkout(completing.id, w.bob, ["todo"])).json).toMatchObject({ status: "in_progress", workflowState: "working" });
    expect((await row(completing.id)).blocking).toBe(true);
    expect((await checkout(first.id, w.alice, ["todo"])).json.code).toBe("blockers_unresolved");

    expect((await patchIssue(completing.id, w.bob.token, { status: "done" }, w.bob.headers)).json).toMatchObject({
      status: "done",
      workflowState: "completed",
    });
    expect((await row(completing.id)).blocking).toBe(false);
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(1);
    expect((await checkout(first.id, w.alice, ["todo"])).json).toMatchObject({ status: "in_progress", workflowState: "working" });

    // failed is `blocked`, which the default rule would count as unresolved: the workflow's blocking_states decide.
    expect((await checkout(failing.id, w.bob, ["todo"])).status).toBe(200);
    expect((await patchIssue(failing.id, w.bob.token, { status: "blocked" }, w.bob.headers)).json).toMatchObject({
      status: "blocked",
      workflowState: "failed",
    });
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(2);
    expect((await blockersResolvedWakes(w.alice.agent.id)).map((wake) => wake.issueId).sort()).toEqual([first.id, second.id].sort());
    const other = randomUUID();
    expect((await checkout(second.id, { ...w.alice, headers: { "x-paperclip-run-id": other } }, ["todo"])).json).toMatchObject({ status: "in_progress" });

    // Back to pending (failed → pending) it blocks again: a new dependant cannot start.
    expect((await patchIssue(failing.id, w.board.token, { status: "todo" })).json).toMatchObject({ workflowState: "pending" });
    const third = await todo(w, "Reseed", w.bob.agent.id, { blockedByIssueIds: [failing.id] });
    expect((await checkout(third.id, w.bob, ["todo"])).json.code).toBe("blockers_unresolved");
  });

  it("under the default workflow (no blocking_states) a cancelled blocker still blocks and only done resolves", async () => {
    const w = await world(null);
    const blocker = await todo(w, "Spike", w.bob.agent.id);
    expect((await row(blocker.id)).blocking).toBeNull();
    const dependant = await todo(w, "Build", w.alice.agent.id, { blockedByIssueIds: [blocker.id] });
    expect((await patchIssue(blocker.id, w.board.token, { status: "cancelled" })).status).toBe(200);
    expect((await checkout(dependant.id, w.alice, ["todo"])).json.code).toBe("blockers_unresolved");
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(0);
    expect((await patchIssue(blocker.id, w.board.token, { status: "done" })).status).toBe(200);
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(1);
    expect((await checkout(dependant.id, w.alice, ["todo"])).status).toBe(200);
  });

  it("a task reaching done or cancelled releases every mark on it", async () => {
    const w = await world();
    const closing = await todo(w, "Close me", w.bob.agent.id);
    const open = await todo(w, "Keep me", w.bob.agent.id);
    for (const [issueId, path] of [
      [closing.id, "a.ts"],
      [closing.id, "b.ts"],
      [open.id, "c.ts"],
    ])
      await db.fileMark.create({ data: { companyId: w.company.id, path, agentId: w.bob.agent.id, issueId } });
    expect((await patchIssue(closing.id, w.board.token, { status: "cancelled" })).status).toBe(200);
    expect((await db.fileMark.findMany({ where: { agentId: w.bob.agent.id } })).map((mark) => mark.path)).toEqual(["c.ts"]);
    expect(await db.fileMarkEvent.findMany({ where: { issueId: closing.id }, select: { action: true, reason: true } })).toEqual([
      { action: "unmarked", reason: "task closed" },
      { action: "unmarked", reason: "task closed" },
    ]);
  });

  it("saving a workflow recomputes the flag of the issues it governs", async () => {
    const w = await world(null);
    const blocker = await todo(w, "Spike", w.bob.agent.id);
    expect((await row(blocker.id)).blocking).toBeNull();
    const owner = await seedUser({ memberships: { [w.company.id]: "owner" } });
    await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", { token: owner.token, params: { companyId: w.company.id }, body: { source: SEED } });
    expect(await row(blocker.id)).toMatchObject({ status: "todo", blocking: true });

    // A project with the default as its own document: its issues fall back to "not done", whether saved or moved there.
    const project = await db.project.create({ data: { companyId: w.company.id, name: "Docs", urlKey: "docs" } });
    const inProject = await todo(w, "Docs spike", w.bob.agent.id, { projectId: project.id });
    expect((await row(inProject.id)).blocking).toBe(true);
    const saved = await callRoute(projectWorkflowRoute.PUT, "PUT", "/p", { token: owner.token, params: { id: project.id }, body: { source: DEFAULT } });
    expect(saved.status).toBe(200);
    expect((await row(inProject.id)).blocking).toBeNull();
    expect((await row(blocker.id)).blocking).toBe(true);
    expect((await patchIssue(blocker.id, w.board.token, { projectId: project.id })).status).toBe(200);
    expect((await row(blocker.id)).blocking).toBeNull();
  });
});

describe("blocking follows the workflow when the workflow, not the issue, changes", () => {
  /** A blocker moved to `status` and a dependant of Alice's waiting on it. */
  async function blockerAndDependant(w: World, status: string, extra: Record<string, unknown> = {}) {
    const blocker = await todo(w, "Spike", w.bob.agent.id, extra);
    const dependant = await todo(w, "Build", w.alice.agent.id, { blockedByIssueIds: [blocker.id] });
    expect((await patchIssue(blocker.id, w.board.token, { status })).status).toBe(200);
    return { blocker, dependant };
  }

  it("saving a workflow under which a blocker stops blocking wakes its dependant; one that still blocks wakes nobody", async () => {
    const w = await world(null);
    const { blocker, dependant } = await blockerAndDependant(w, "cancelled");
    const still = await blockerAndDependant(w, "todo");
    expect((await checkout(dependant.id, w.alice, ["todo"])).json.code).toBe("blockers_unresolved");
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(0);

    const owner = await seedUser({ memberships: { [w.company.id]: "owner" } });
    expect(
      (await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", { token: owner.token, params: { companyId: w.company.id }, body: { source: SEED } })).status,
    ).toBe(200);
    expect(await row(blocker.id)).toMatchObject({ status: "cancelled", blocking: false });
    expect((await row(still.blocker.id)).blocking).toBe(true);
    expect(
      (await blockersResolvedWakes(w.alice.agent.id)).map((wake) => [wake.issueId, (wake.payload as { resolvedBlockerId: string }).resolvedBlockerId]),
    ).toEqual([[dependant.id, blocker.id]]);
    // Saved again unchanged: no flag differs, nobody is woken twice.
    await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", { token: owner.token, params: { companyId: w.company.id }, body: { source: SEED } });
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(1);
    expect((await checkout(dependant.id, w.alice, ["todo"])).status).toBe(200);
  });

  it("deleting a project drops its workflow and its issues block by the company's from then on, waking whom that frees", async () => {
    const w = await world();
    const owner = await seedUser({ memberships: { [w.company.id]: "owner" } });
    const project = await db.project.create({ data: { companyId: w.company.id, name: "Docs", urlKey: "docs" } });
    expect((await callRoute(projectWorkflowRoute.PUT, "PUT", "/p", { token: owner.token, params: { id: project.id }, body: { source: DEFAULT } })).status).toBe(
      200,
    );
    // Under the project's default document a cancelled blocker still blocks.
    const { blocker, dependant } = await blockerAndDependant(w, "cancelled", { projectId: project.id });
    expect(await row(blocker.id)).toMatchObject({ status: "cancelled", blocking: null });
    expect(await blockersResolvedWakes(w.alice.agent.id)).toHaveLength(0);
    // Its workspace goes with it: the marks in it are released with events, not dropped by the cascade.
    const workspace = await db.executionWorkspace.create({ data: { companyId: w.company.id, projectId: project.id, name: "ws", cwd: "/srv/docs" } });
    await db.fileMark.create({ data: { companyId: w.company.id, workspaceId: workspace.id, path: "a.md", agentId: w.bob.agent.id } });

    const deleted = await callRoute(projectRoute.DELETE, "DELETE", "/p", { token: owner.token, params: { id: project.id } });
    expect(deleted.status).toBe(200);
    expect(await db.workflow.count({ where: { companyId: w.company.id, projectId: project.id } })).toBe(0);
    expect(await db.fileMarkEvent.findMany({ where: { workspaceId: workspace.id }, select: { action: true, reason: true } })).toEqual([
      { action: "unmarked", reason: "project deleted" },
    ]);
    expect(await row(blocker.id)).toMatchObject({ projectId: null, blocking: false });
    expect((await blockersResolvedWakes(w.alice.agent.id)).map((wake) => wake.issueId)).toEqual([dependant.id]);
    expect((await checkout(dependant.id, w.alice, ["todo"])).status).toBe(200);
  });

  it("the boot backfill computes the flag for workflows stored before it existed, once per instance, waking whom that frees", async () => {
    await db.instanceSetting.deleteMany({ where: { key: "workflow_blocking_backfilled" } });
    const w = await world();
    const { blocker, dependant } = await blockerAndDependant(w, "cancelled");
    const open = await todo(w, "Open", w.bob.agent.id);
    // As the column was on upgrade: NULL everywhere, so the fallback (not done) had the cancelled blocker blocking.
    await db.issue.updateMany({ where: { companyId: w.company.id }, data: { blocking: null } });
    await db.agentWakeupRequest.deleteMany({ where: { agentId: w.alice.agent.id, reason: "issue_blockers_resolved" } });
    expect((await checkout(dependant.id, w.alice, ["todo"])).json.code).toBe("blockers_unresolved");

    // Two instances booting at once: one does it, the other finds it taken or already done.
    const outcomes = await Promise.all([backfillBlocking(), backfillBlocking()]);
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(1);
    expect(await row(blocker.id)).toMatchObject({ status: "cancelled", blocking: false });
    expect(await row(open.id)).toMatchObject({ status: "todo", blocking: true });
    expect((await row(dependant.id)).blocking).toBe(true);
    expect((await blockersResolvedWakes(w.alice.agent.id)).map((wake) => wake.issueId)).toEqual([dependant.id]);

    // Done once: a later boot reads the marker and writes nothing.
    await db.issue.update({ where: { id: open.id }, data: { blocking: null } });
    expect(await backfillBlocking()).toBe("already");
    expect((await row(open.id)).blocking).toBeNull();
    expect((await checkout(dependant.id, w.alice, ["todo"])).status).toBe(200);
  });

  it("a stored document that no longer parses fails only its company's backfill; the marker waits until every company succeeds", async () => {
    await db.instanceSetting.deleteMany({ where: { key: "workflow_blocking_backfilled" } });
    const w = await world();
    const open = await todo(w, "Open", w.bob.agent.id);
    await db.issue.updateMany({ where: { companyId: w.company.id }, data: { blocking: null } });
    const broken = await issueWorld();
    const stored = await db.workflow.create({ data: { companyId: broken.company.id, projectId: null, source: "states: [unclosed" } });

    expect(await backfillBlocking()).toBe("incomplete");
    expect(await row(open.id)).toMatchObject({ status: "todo", blocking: true });
    expect(await db.instanceSetting.findUnique({ where: { key: "workflow_blocking_backfilled" } })).toBeNull();

    // Once the document is fixed, the next boot finishes and records it.
    await db.workflow.update({ where: { id: stored.id }, data: { source: SEED } });
    expect(await backfillBlocking()).toBe("done");
    expect(await backfillBlocking()).toBe("already");
  });
});

describe("moves to a named workflow state", () => {
  it("PATCH workflowState moves pending → assigned (same status), renders its prompt; not-an-exit and unknown names are 422 on workflowState", async () => {
    const w = await world();
    const issue = await todo(w, "Triage", w.alice.agent.id);
    const moved = await patchIssue(issue.id, w.board.token, { workflowState: "assigned" });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ status: "todo", workflowState: "assigned" });
    expect(moved.json.workflowPrompts).toEqual([expect.objectContaining({ kind: "state_enter", name: "assigned" })]);
    expect(await db.activityLog.count({ where: { entityId: issue.id, action: "issue.updated" } })).toBe(1);

    const notExit = await patchIssue(issue.id, w.board.token, { workflowState: "completed" });
    expect([notExit.status, notExit.json.code]).toEqual([422, "invalid_transition"]);
    expect(notExit.json.invalid_params[0].name).toBe("workflowState");
    expect(notExit.json.detail).toContain("Valid exits: working (in_progress), pending (todo), cancelled");
    const unknown = await patchIssue(issue.id, w.board.token, { workflowState: "moon" });
    expect([unknown.status, unknown.json.code, unknown.json.invalid_params[0].name]).toEqual([422, "invalid_transition", "workflowState"]);
    const mismatched = await patchIssue(issue.id, w.board.token, { workflowState: "pending", status: "in_progress" });
    expect([mismatched.status, mismatched.json.code]).toEqual([422, "invalid_transition"]);

    const working = await patchIssue(issue.id, w.board.token, { workflowState: "working" });
    expect(working.json).toMatchObject({ status: "in_progress", workflowState: "working" });
    expect(await row(issue.id)).toMatchObject({ blocking: true });
  });
});

describe("disconnect_state: work an agent can no longer do goes back", () => {
  async function schedulerRun(w: World) {
    const { adapterConfig } = processAdapter();
    await db.agent.update({ where: { id: w.alice.agent.id }, data: { adapterType: "process", adapterConfig } });
    const issue = await todo(w, "Index the logs", w.alice.agent.id);
    const claimed = (await claimNextRun())!;
    expect(claimed.run.issueId).toBe(issue.id);
    const taken = await checkout(issue.id, w.alice, ["todo"], { "x-paperclip-run-id": claimed.run.id });
    expect(taken.json).toMatchObject({ status: "in_progress", checkoutRunId: claimed.run.id });
    return { issue, claimed };
  }

  it("a run that ends moves its working issue to pending with no assignee and no locks, recorded as the system's, and its marks go", async () => {
    const w = await world();
    const { issue, claimed } = await schedulerRun(w);
    await db.fileMark.create({ data: { companyId: w.company.id, path: "src/logs.ts", agentId: w.alice.agent.id, issueId: issue.id, runId: claimed.run.id } });
    await db.fileMark.create({ data: { companyId: w.company.id, path: "README.md", agentId: w.alice.agent.id, runId: claimed.run.id } });
    expect((await executeRun(claimed, "http://127.0.0.1:9")).status).toBe("succeeded");
    expect(await row(issue.id)).toMatchObject({
      status: "todo",
      workflowState: "pending",
      assigneeAgentId: null,
      checkoutRunId: null,
      executionRunId: null,
      blocking: true,
    });
    expect(await db.activityLog.findFirst({ where: { entityId: issue.id, action: "issue.disconnected" } })).toMatchObject({
      actorType: "system",
      details: expect.objectContaining({ agentId: w.alice.agent.id, runId: claimed.run.id, fromState: "working", toState: "pending" }),
    });
    // Nobody is woken for an assignee that was cleared.
    expect(await db.agentWakeupRequest.count({ where: { issueId: issue.id, status: "pending" } })).toBe(0);
    expect(await db.fileMark.count({ where: { agentId: w.alice.agent.id } })).toBe(0);
    expect(await db.fileMarkEvent.count({ where: { agentId: w.alice.agent.id, action: "unmarked" } })).toBe(2);
  });

  it("under the default workflow (no disconnect_state) a run's end leaves its work as it is", async () => {
    const w = await world(null);
    const { issue, claimed } = await schedulerRun(w);
    await executeRun(claimed, "http://127.0.0.1:9");
    expect(await row(issue.id)).toMatchObject({ status: "in_progress", assigneeAgentId: w.alice.agent.id, checkoutRunId: claimed.run.id });
    expect(await disconnectAgentWork({ agentId: w.alice.agent.id }, "test")).toMatchObject({ issueIds: [] });
  });

  it("a run whose lease lapsed is failed and its work moves back", async () => {
    const w = await world();
    const { issue, claimed } = await schedulerRun(w);
    await db.heartbeatRun.update({ where: { id: claimed.run.id }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
    await claimNextRun();
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: claimed.run.id } })).status).toBe("failed");
    expect(await row(issue.id)).toMatchObject({ status: "todo", workflowState: "pending", assigneeAgentId: null });
  });

  it("pausing an agent moves the work it holds, whatever run holds it", async () => {
    const w = await world();
    const held = await todo(w, "Rotate keys", w.alice.agent.id);
    const untouched = await todo(w, "Not started", w.alice.agent.id);
    expect((await checkout(held.id, w.alice, ["todo"])).status).toBe(200);
    const paused = await callRoute(pauseRoute.POST, "POST", "/p", { token: w.board.token, params: { id: w.alice.agent.id } });
    expect(paused.status).toBe(200);
    expect(await row(held.id)).toMatchObject({ status: "todo", workflowState: "pending", assigneeAgentId: null, checkoutRunId: null });
    expect(await row(untouched.id)).toMatchObject({ status: "todo", assigneeAgentId: w.alice.agent.id });
  });

  it("a disconnect releases only the departed agent's marks on the task; a reviewer's marks on it stay", async () => {
    const w = await world();
    const issue = await todo(w, "Rotate keys", w.alice.agent.id);
    expect((await checkout(issue.id, w.alice, ["todo"])).status).toBe(200);
    await db.fileMark.create({ data: { companyId: w.company.id, path: "keys.ts", agentId: w.alice.agent.id, issueId: issue.id } });
    await db.fileMark.create({ data: { companyId: w.company.id, path: "keys.ts", agentId: w.bob.agent.id, issueId: issue.id } });
    expect((await callRoute(pauseRoute.POST, "POST", "/p", { token: w.board.token, params: { id: w.alice.agent.id } })).status).toBe(200);
    expect(await row(issue.id)).toMatchObject({ status: "todo", assigneeAgentId: null });
    expect(await db.fileMark.findMany({ where: { issueId: issue.id }, select: { agentId: true } })).toEqual([{ agentId: w.bob.agent.id }]);
    expect(await db.fileMarkEvent.findMany({ where: { issueId: issue.id }, select: { agentId: true, action: true } })).toEqual([
      { agentId: w.alice.agent.id, action: "unmarked" },
    ]);
  });

  it("a run whose cost pauses its agent on the budget moves the rest of the agent's held work too, as any pause", async () => {
    const w = await world();
    // The fixture agent reports 150 cents; the budget is 100.
    const { adapterConfig } = processAdapter({ AGENT_COST: "150" });
    await db.agent.update({ where: { id: w.alice.agent.id }, data: { adapterType: "process", adapterConfig, budgetMonthlyCents: 100 } });
    const elsewhere = await todo(w, "Held by another run", w.alice.agent.id);
    expect((await checkout(elsewhere.id, w.alice, ["todo"])).status).toBe(200);
    await db.agentWakeupRequest.deleteMany({ where: { agentId: w.alice.agent.id } });
    const issue = await todo(w, "Index the logs", w.alice.agent.id);
    const claimed = (await claimNextRun())!;
    expect(claimed.run.issueId).toBe(issue.id);
    expect((await executeRun(claimed, "http://127.0.0.1:9")).status).toBe("succeeded");
    expect((await db.agent.findUniqueOrThrow({ where: { id: w.alice.agent.id } })).status).toBe("paused");
    expect(await row(elsewhere.id)).toMatchObject({ status: "todo", workflowState: "pending", assigneeAgentId: null, checkoutRunId: null });
    expect(await db.activityLog.findFirst({ where: { entityId: elsewhere.id, action: "issue.disconnected" } })).toMatchObject({
      details: expect.objectContaining({ agentId: w.alice.agent.id, runId: null, reason: "agent paused by its budget" }),
    });
  });

  it("a checkout that lands while the disconnect waits for the row is not undone", async () => {
    const w = await world();
    const issue = await todo(w, "Hot issue", w.alice.agent.id);
    expect((await checkout(issue.id, w.alice, ["todo"])).status).toBe(200);
    const newRun = randomUUID();
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let locked = false;
    // Another run of the agent takes the issue over while the disconnect of the old run waits for the row.
    const takeover = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM issues WHERE id = ${issue.id}::uuid FOR UPDATE`;
      locked = true;
      await gate;
      await tx.issue.update({ where: { id: issue.id }, data: { checkoutRunId: newRun, executionRunId: newRun } });
    });
    await waitFor(() => locked, "the takeover to hold the row");
    const disconnecting = disconnectAgentWork({ runId: w.alice.runId, agentId: w.alice.agent.id }, "run ended");
    await waitFor(
      async () =>
        (
          await db.$queryRaw<
            { waiting: number }[]
          >`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
        )[0].waiting > 0,
      "the disconnect to wait for the row",
    );
    letGo();
    await takeover;
    expect((await disconnecting).issueIds).toEqual([]);
    expect(await row(issue.id)).toMatchObject({ status: "in_progress", workflowState: "working", assigneeAgentId: w.alice.agent.id, checkoutRunId: newRun });
  });
});
