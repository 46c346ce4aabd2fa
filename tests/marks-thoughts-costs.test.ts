import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as agentThoughtsRoute from "@/app/api/agents/[id]/thoughts/route";
import * as costsRoute from "@/app/api/companies/[companyId]/costs/route";
import * as companyWorkflowRoute from "@/app/api/companies/[companyId]/workflow/route";
import * as eventsRoute from "@/app/api/companies/[companyId]/events/route";
import * as companyMarksRoute from "@/app/api/companies/[companyId]/file-marks/route";
import * as runThoughtsRoute from "@/app/api/heartbeat-runs/[runId]/thoughts/route";
import * as attachmentRoute from "@/app/api/issues/[id]/attachments/[attachmentId]/route";
import * as attachmentsRoute from "@/app/api/issues/[id]/attachments/route";
import * as issueMarksRoute from "@/app/api/issues/[id]/file-marks/route";
import * as issueRoute from "@/app/api/issues/[id]/route";
import * as releaseMarksRoute from "@/app/api/issues/[id]/file-marks/release/route";
import * as metricsRoute from "@/app/api/issues/[id]/metrics/route";
import * as issueThoughtsRoute from "@/app/api/issues/[id]/thoughts/route";
import type { AgentActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { claimNextRun, executeRun } from "@/lib/heartbeats/scheduler";
import { LAPSED_RUN_REASON, markFiles, markUpdates, pruneMarkEvents, releaseLapsedRunMarks, releaseMarks, unmarkFiles } from "@/lib/marks/marks";
import { recordThought } from "@/lib/thoughts/thoughts";
import { openEventStream } from "./support/event-stream";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, checkout, createIssue, issueWorld, type AgentHandle } from "./support/issues";
import { processAdapter } from "./support/process-agent";
import { waitFor } from "./support/wait";

const WORKSPACE_CWD = "/srv/ws";

/** The agent as the domain sees it, for the calls MCP makes without a route (mark_updates, unmark "*"). */
const actorOf = (handle: AgentHandle): AgentActor => ({
  type: "agent",
  agentId: handle.agent.id,
  companyId: handle.agent.companyId,
  keyId: "test",
  source: "agent_key",
});

/** Two issues, Alice's and Bob's, sharing one execution workspace at /srv/ws. */
async function markWorld() {
  const world = await issueWorld();
  const project = await db.project.create({ data: { companyId: world.company.id, name: "Repo", urlKey: "repo" } });
  const workspace = await db.executionWorkspace.create({ data: { companyId: world.company.id, projectId: project.id, name: "ws", cwd: WORKSPACE_CWD } });
  const create = async (title: string, assignee: AgentHandle) => {
    const issue = (await createIssue(world.company.id, world.board.token, { title, assigneeAgentId: assignee.agent.id })).json;
    await db.issue.update({ where: { id: issue.id }, data: { executionWorkspaceId: workspace.id } });
    return issue;
  };
  return { ...world, workspace, aliceIssue: await create("Limiter", world.alice), bobIssue: await create("Cache", world.bob) };
}

function mark(issueId: string, agent: AgentHandle, body: Record<string, unknown>) {
  return callRoute(issueMarksRoute.POST, "POST", `/api/issues/${issueId}/file-marks`, {
    token: agent.token,
    params: { id: issueId },
    body,
    headers: agent.headers,
  });
}

function logMetrics(issueId: string, agent: { token: string }, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return callRoute(metricsRoute.POST, "POST", `/api/issues/${issueId}/metrics`, { token: agent.token, params: { id: issueId }, body, headers });
}

function costs(companyId: string, token: string) {
  return callRoute(costsRoute.GET, "GET", `/api/companies/${companyId}/costs`, { token, params: { companyId } });
}

const today = () => new Date().toISOString().slice(0, 10);

describe("file marks", () => {
  it("POST /api/issues/:id/file-marks — two agents mark one path: both marks stand, the second is warned of the first; paths are normalised", async () => {
    const { company, board, alice, bob, workspace, aliceIssue, bobIssue } = await markWorld();
    const stream = await openEventStream(eventsRoute.GET, `/api/companies/${company.id}/events`, { token: board.token, params: { companyId: company.id } });
    await waitFor(() => stream.ofType("ready").length === 1, "the event stream to be ready");

    const first = await mark(aliceIssue.id, alice, { files: ["src/a.ts", " ./src//b.ts", "src\\a.ts"], reason: "refactor" });
    expect(first.status).toBe(200);
    expect(first.json.warnings).toEqual([]);
    expect(first.json.marked.map((row: { path: string }) => row.path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(Object.keys(first.json.marked[0]).sort()).toEqual(
      ["agentId", "agentName", "companyId", "createdAt", "id", "issueId", "issueIdentifier", "path", "reason", "runId", "updatedAt", "workspaceId"].sort(),
    );
    expect(first.json.marked[0]).toMatchObject({
      workspaceId: workspace.id,
      agentName: "Alice",
      issueId: aliceIssue.id,
      issueIdentifier: aliceIssue.identifier,
      runId: alice.runId,
      reason: "refactor",
    });

    // An absolute path inside the workspace is the same file as its relative spelling.
    const second = await mark(bobIssue.id, bob, { files: [`${WORKSPACE_CWD}/src/a.ts`, "/etc/hosts"] });
    expect(second.json.marked.map((row: { path: string }) => row.path)).toEqual(["/etc/hosts", "src/a.ts"]);
    expect(second.json.warnings).toEqual([
      { file: "src/a.ts", markedBy: { agentId: alice.agent.id, agentName: "Alice" }, issueId: aliceIssue.id, reason: "refactor" },
    ]);

    // Marking again updates the agent's own mark rather than adding one.
    expect((await mark(aliceIssue.id, alice, { files: ["src/a.ts"], reason: "again" })).json.warnings).toHaveLength(1);
    const listed = await callRoute(companyMarksRoute.GET, "GET", "/m", {
      token: board.token,
      params: { companyId: company.id },
      query: `workspaceId=${workspace.id}`,
    });
    expect(
      listed.json.marks.map((row: { path: string; agentName: string; reason: string | null }) => `${row.agentName}:${row.path}:${row.reason}`).sort(),
    ).toEqual(["Alice:src/a.ts:again", "Alice:src/b.ts:refactor", "Bob:/etc/hosts:null", "Bob:src/a.ts:null"]);
    const ofIssue = await callRoute(issueMarksRoute.GET, "GET", "/m", { token: bob.token, params: { id: aliceIssue.id } });
    expect(ofIssue.json.marks.map((row: { path: string }) => row.path)).toEqual(["src/a.ts", "src/b.ts"]);
    await waitFor(
      () => stream.ofType("file_marks.changed").some((event) => event.issueId === bobIssue.id && event.entityType === "issue"),
      "file_marks.changed for Bob's issue",
    );
    await stream.close();
  });

  it("POST /api/issues/:id/file-marks — 422 names each bad path; over 100 paths, a board caller or another company's issue is refused", async () => {
    const { board, alice, aliceIssue } = await markWorld();
    const bad = await mark(aliceIssue.id, alice, { files: ["ok.ts", "../../etc/passwd", "   ", "x".repeat(1025)] });
    expect([bad.status, bad.json.code]).toEqual([422, "invalid_field"]);
    expect(bad.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["files.1", "files.2", "files.3"]);
    const many = await mark(aliceIssue.id, alice, { files: Array.from({ length: 101 }, (_, index) => `f${index}.ts`) });
    expect([many.status, many.json.invalid_params]).toEqual([422, [{ name: "files", reason: "At most 100 files per call; this has 101" }]]);
    expect(await db.fileMark.count({ where: { issueId: aliceIssue.id } })).toBe(0);

    const byBoard = await callRoute(issueMarksRoute.POST, "POST", "/m", { token: board.token, params: { id: aliceIssue.id }, body: { files: ["a.ts"] } });
    expect([byBoard.status, byBoard.json.code]).toEqual([401, "agent_required"]);

    const other = await agentWithRun((await seedCompany()).id, "Mallory");
    expect((await mark(aliceIssue.id, other, { files: ["a.ts"] })).status).toBe(404);
    await expect(markFiles(actorOf(other), null, { files: ["a.ts"], task: aliceIssue.identifier })).rejects.toMatchObject({ status: 404 });
    const outsider = await seedUser({ memberships: { [other.agent.companyId]: "owner" } });
    expect((await callRoute(issueMarksRoute.GET, "GET", "/m", { token: outsider.token, params: { id: aliceIssue.id } })).status).toBe(404);
    expect((await callRoute(companyMarksRoute.GET, "GET", "/m", { token: outsider.token, params: { companyId: aliceIssue.companyId } })).status).toBe(404);
  });

  it('mark_updates: the first call is the marks others hold now; later calls only others\' changes since, in order; unmark "*" releases every own mark', async () => {
    const { alice, bob, aliceIssue, bobIssue } = await markWorld();
    await mark(aliceIssue.id, alice, { files: ["a.ts"] });
    await mark(bobIssue.id, bob, { files: ["own.ts"] });

    const baseline = await markUpdates(actorOf(bob));
    expect(baseline.newMarks).toEqual([expect.objectContaining({ file: "a.ts", agentId: alice.agent.id, agentName: "Alice", issueId: aliceIssue.id })]);
    expect(baseline.removedMarks).toEqual([]);
    expect(typeof baseline.sequence).toBe("string");
    expect((await markUpdates(actorOf(bob))).newMarks).toEqual([]);

    await mark(aliceIssue.id, alice, { files: ["c.ts"], reason: "brief" });
    await mark(bobIssue.id, bob, { files: ["mine.ts"] });
    const released = await unmarkFiles(actorOf(alice), null, { files: "*", reason: "done for now" });
    expect(released.count).toBe(2);
    expect(released.unmarked.map((row) => row.path)).toEqual(["a.ts", "c.ts"]);

    const since = await markUpdates(actorOf(bob));
    expect(since.newMarks).toEqual([expect.objectContaining({ file: "c.ts", agentId: alice.agent.id, reason: "brief" })]);
    expect(since.removedMarks.map((change) => [change.file, change.reason])).toEqual([
      ["a.ts", "done for now"],
      ["c.ts", "done for now"],
    ]);
    expect(BigInt(since.sequence)).toBeGreaterThan(BigInt(baseline.sequence));
    const quiet = await markUpdates(actorOf(bob));
    expect([quiet.newMarks, quiet.removedMarks, quiet.sequence]).toEqual([[], [], since.sequence]);

    // Alice's first call sees Bob's marks, never her own.
    expect((await markUpdates(actorOf(alice))).newMarks.map((change) => change.file)).toEqual(["own.ts", "mine.ts"]);
    await expect(unmarkFiles(actorOf(alice), null, {})).rejects.toMatchObject({ status: 422, invalidParams: [expect.objectContaining({ name: "files" })] });
  });

  it("mark_updates read while others mark concurrently: every change arrives exactly once", async () => {
    const { company, alice, bob, aliceIssue, bobIssue } = await markWorld();
    const carol = await agentWithRun(company.id, "Carol");
    await markUpdates(actorOf(carol));
    const seen: string[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) for (const change of (await markUpdates(actorOf(carol))).newMarks) seen.push(`${change.agentName}:${change.file}`);
    })();
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => [
        mark(aliceIssue.id, alice, { files: [`f${index}.ts`] }),
        mark(bobIssue.id, bob, { files: [`f${index}.ts`] }),
      ]).flat(),
    );
    writing = false;
    await reader;
    for (const change of (await markUpdates(actorOf(carol))).newMarks) seen.push(`${change.agentName}:${change.file}`);
    expect(seen.sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => [`Alice:f${index}.ts`, `Bob:f${index}.ts`])
        .flat()
        .sort(),
    );
  });

  it("releasing: by issue (the release route and releaseMarks), by run and by agent, each writing unmarked events with the reason", async () => {
    const { company, alice, bob, aliceIssue, bobIssue } = await markWorld();
    await mark(aliceIssue.id, alice, { files: ["a.ts", "b.ts"] });
    await mark(bobIssue.id, bob, { files: ["a.ts", "c.ts"] });
    await mark(bobIssue.id, alice, { files: ["d.ts"] });

    const route = await callRoute(releaseMarksRoute.POST, "POST", "/r", {
      token: alice.token,
      params: { id: aliceIssue.id },
      body: { files: ["b.ts"] },
      headers: alice.headers,
    });
    expect([route.status, route.json.count, route.json.unmarked[0].path]).toEqual([200, 1, "b.ts"]);

    expect(await db.$transaction((tx) => releaseMarks(tx, { issueId: bobIssue.id }, "task closed"))).toBe(3);
    expect(await db.fileMark.findMany({ where: { companyId: company.id }, select: { path: true, agentId: true } })).toEqual([
      { path: "a.ts", agentId: alice.agent.id },
    ]);
    const events = await db.fileMarkEvent.findMany({ where: { companyId: company.id, action: "unmarked", reason: "task closed" } });
    expect(events.map((event) => event.path).sort()).toEqual(["a.ts", "c.ts", "d.ts"]);

    expect(await db.$transaction((tx) => releaseMarks(tx, { runId: bob.runId }, "run ended"))).toBe(0);
    expect(await db.$transaction((tx) => releaseMarks(tx, { runId: alice.runId }, "run ended"))).toBe(1);
    await mark(aliceIssue.id, alice, { files: ["e.ts"] });
    expect(await db.$transaction((tx) => releaseMarks(tx, { agentId: alice.agent.id }, "agent paused"))).toBe(1);
    expect(await db.fileMark.count({ where: { companyId: company.id } })).toBe(0);
  });
});

describe("marks that outlive their holder", () => {
  it("an external run not heard from in 30 minutes loses its marks (events with the reason), keeps its status; a live one keeps them", async () => {
    const { company, alice, bob, aliceIssue, bobIssue } = await markWorld();
    await mark(aliceIssue.id, alice, { files: ["a.ts", "b.ts"] });
    await mark(bobIssue.id, bob, { files: ["a.ts"] });
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: alice.runId } })).toMatchObject({ invocationSource: "external", status: "running" });
    expect(await releaseLapsedRunMarks()).toBe(0);

    await db.heartbeatRun.update({ where: { id: alice.runId }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await releaseLapsedRunMarks()).toBe(2);
    expect(await db.fileMark.findMany({ where: { companyId: company.id }, select: { agentId: true } })).toEqual([{ agentId: bob.agent.id }]);
    expect(await db.fileMarkEvent.count({ where: { agentId: alice.agent.id, action: "unmarked", reason: LAPSED_RUN_REASON } })).toBe(2);
    // The run is not ended: nothing Switchboard can see ended it, and the agent may still come back under it.
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: alice.runId } })).status).toBe("running");
    expect(await releaseLapsedRunMarks()).toBe(0);
  });

  it("deleting an issue releases its marks with events (not a silent cascade), so mark_updates readers hear they are gone", async () => {
    const { company, board, alice, bob, aliceIssue } = await markWorld();
    await markUpdates(actorOf(bob));
    await mark(aliceIssue.id, alice, { files: ["a.ts"] });
    const deleted = await callRoute(issueRoute.DELETE, "DELETE", "/i", { token: board.token, params: { id: aliceIssue.id } });
    expect(deleted.status).toBe(200);
    expect(await db.fileMarkEvent.findMany({ where: { issueId: aliceIssue.id }, select: { action: true, reason: true }, orderBy: { seq: "asc" } })).toEqual([
      { action: "marked", reason: null },
      { action: "unmarked", reason: "task deleted" },
    ]);
    expect(await db.fileMark.count({ where: { companyId: company.id } })).toBe(0);
    const heard = await markUpdates(actorOf(bob));
    expect(heard.removedMarks).toEqual([expect.objectContaining({ file: "a.ts", agentId: alice.agent.id, reason: "task deleted" })]);
  });

  it("deleting an agent releases its marks with events, whatever issue they are on", async () => {
    const { company, alice, bob, aliceIssue, bobIssue } = await markWorld();
    await mark(aliceIssue.id, alice, { files: ["a.ts"] });
    await mark(bobIssue.id, alice, { files: ["b.ts"] });
    await mark(bobIssue.id, bob, { files: ["b.ts"] });
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    expect((await callRoute(agentRoute.DELETE, "DELETE", "/a", { token: owner.token, params: { id: alice.agent.id } })).status).toBe(200);
    expect(await db.fileMark.findMany({ where: { companyId: company.id }, select: { agentId: true } })).toEqual([{ agentId: bob.agent.id }]);
    expect(
      (await db.fileMarkEvent.findMany({ where: { agentId: alice.agent.id, action: "unmarked" }, select: { path: true, reason: true } })).sort((x, y) =>
        x.path.localeCompare(y.path),
      ),
    ).toEqual([
      { path: "a.ts", reason: "agent deleted" },
      { path: "b.ts", reason: "agent deleted" },
    ]);
  });

  it("unmark_file with paths and no task matches the agent's marks on them in any scope, even with a task checked out", async () => {
    const { alice, aliceIssue } = await markWorld();
    // Made without a run or task: the company's own scope.
    expect((await markFiles(actorOf(alice), null, { files: ["notes.md", "/srv/ws/src/x.ts"] })).marked.map((row) => row.workspaceId)).toEqual([null, null]);
    expect((await checkout(aliceIssue.id, alice)).status).toBe(200);
    expect((await mark(aliceIssue.id, alice, { files: ["/srv/ws/src/y.ts"] })).json.marked[0]).toMatchObject({ path: "src/y.ts" });
    const released = await unmarkFiles(actorOf(alice), alice.runId, { files: ["notes.md", "/srv/ws/src/x.ts", "/srv/ws/src/y.ts"] });
    expect(released.unmarked.map((row) => row.path).sort()).toEqual(["/srv/ws/src/x.ts", "notes.md", "src/y.ts"]);
    // With a named task the match stays in that task's workspace.
    await markFiles(actorOf(alice), null, { files: ["notes.md"] });
    expect((await unmarkFiles(actorOf(alice), alice.runId, { files: ["notes.md"], task: aliceIssue.id })).count).toBe(0);
  });
});

describe("pruning mark events", () => {
  it("events at or below every reader's cursor go; a reader that never read still gets the marks held now, then later changes", async () => {
    const { company, alice, bob, aliceIssue, bobIssue } = await markWorld();
    const carol = await agentWithRun(company.id, "Carol");
    await markUpdates(actorOf(bob));
    await mark(aliceIssue.id, alice, { files: ["a.ts", "gone.ts"] });
    await unmarkFiles(actorOf(alice), null, { files: ["gone.ts"] });
    expect((await markUpdates(actorOf(bob))).newMarks.map((change) => change.file)).toEqual(["a.ts", "gone.ts"]);
    await mark(bobIssue.id, bob, { files: ["b.ts"] });
    expect(await db.fileMarkEvent.count({ where: { companyId: company.id } })).toBe(4);

    await pruneMarkEvents();
    // Bob's cursor is past Alice's three events; his own mark after it stays until he reads past it.
    expect(await db.fileMarkEvent.findMany({ where: { companyId: company.id }, select: { path: true } })).toEqual([{ path: "b.ts" }]);

    const baseline = await markUpdates(actorOf(carol));
    expect(baseline.newMarks.map((change) => change.file).sort()).toEqual(["a.ts", "b.ts"]);
    await mark(aliceIssue.id, alice, { files: ["c.ts"] });
    expect((await markUpdates(actorOf(carol))).newMarks.map((change) => change.file)).toEqual(["c.ts"]);
    expect((await markUpdates(actorOf(bob))).newMarks.map((change) => change.file)).toEqual(["c.ts"]);
  });

  it("a company none of whose agents has read keeps its events for seven days", async () => {
    const { company, alice, aliceIssue } = await markWorld();
    await mark(aliceIssue.id, alice, { files: ["old.ts", "new.ts"] });
    await db.fileMarkEvent.updateMany({ where: { companyId: company.id, path: "old.ts" }, data: { createdAt: new Date(Date.now() - 8 * 86_400_000) } });
    await pruneMarkEvents();
    expect(await db.fileMarkEvent.findMany({ where: { companyId: company.id }, select: { path: true } })).toEqual([{ path: "new.ts" }]);
  });

  it("a cursor not moved for seven days no longer pins events; pruned past, it is dropped and its reader gets the marks held now again", async () => {
    const { company, alice, bob, aliceIssue } = await markWorld();
    const carol = await agentWithRun(company.id, "Carol");
    const dave = await agentWithRun(company.id, "Dave");
    await markUpdates(actorOf(carol));
    await mark(aliceIssue.id, alice, { files: ["a.ts", "gone.ts"] });
    await unmarkFiles(actorOf(alice), null, { files: ["gone.ts"] });
    await markUpdates(actorOf(bob));
    await markUpdates(actorOf(dave));
    // Carol stopped reading before Alice's events, Dave after them, both eight days ago; Bob read just now.
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await db.fileMarkCursor.updateMany({ where: { agentId: { in: [carol.agent.id, dave.agent.id] } }, data: { updatedAt: eightDaysAgo } });

    await pruneMarkEvents();
    expect(await db.fileMarkEvent.count({ where: { companyId: company.id } })).toBe(0);
    // Carol's cursor was passed and is gone; Dave's had read everything pruned and stays.
    expect((await db.fileMarkCursor.findMany({ where: { companyId: company.id }, select: { agentId: true } })).map((row) => row.agentId).sort()).toEqual(
      [bob.agent.id, dave.agent.id].sort(),
    );

    // Carol starts again from the marks held now: a.ts, and not gone.ts, whose events she never saw.
    const baseline = await markUpdates(actorOf(carol));
    expect(baseline).toMatchObject({ removedMarks: [] });
    expect(baseline.newMarks.map((change) => change.file)).toEqual(["a.ts"]);
    await mark(aliceIssue.id, alice, { files: ["c.ts"] });
    for (const reader of [carol, dave, bob]) expect((await markUpdates(actorOf(reader))).newMarks.map((change) => change.file)).toEqual(["c.ts"]);
  });
});

describe("thoughts", () => {
  it("POST /api/issues/:id/thoughts and the thinking default: newest first per issue and agent, oldest first per run; live agent.thought", async () => {
    const { company, board, alice, aliceIssue } = await markWorld();
    expect((await checkout(aliceIssue.id, alice)).status).toBe(200);
    const stream = await openEventStream(eventsRoute.GET, `/api/companies/${company.id}/events`, { token: board.token, params: { companyId: company.id } });
    await waitFor(() => stream.ofType("ready").length === 1, "the event stream to be ready");

    const posted = await callRoute(issueThoughtsRoute.POST, "POST", "/t", {
      token: alice.token,
      params: { id: aliceIssue.identifier },
      body: { thought: "  Reading the limiter  " },
      headers: alice.headers,
    });
    expect(posted.status).toBe(201);
    expect(posted.json.thoughts).toEqual([
      expect.objectContaining({
        text: "Reading the limiter",
        agentName: "Alice",
        runId: alice.runId,
        issueId: aliceIssue.id,
        issueIdentifier: aliceIssue.identifier,
      }),
    ]);
    // Without tasks the thought is about the issue this run checked out.
    const byDefault = await recordThought(actorOf(alice), alice.runId, { thought: "Writing the test" });
    expect(byDefault.thoughts.map((thought) => thought.issueId)).toEqual([aliceIssue.id]);
    const idle = await agentWithRun(company.id, "Idle");
    expect((await recordThought(actorOf(idle), null, { thought: "Nothing to do" })).thoughts.map((thought) => thought.issueId)).toEqual([null]);

    const ofIssue = await callRoute(issueThoughtsRoute.GET, "GET", "/t", { token: board.token, params: { id: aliceIssue.id } });
    expect(ofIssue.json.thoughts.map((thought: { text: string }) => thought.text)).toEqual(["Writing the test", "Reading the limiter"]);
    const latest = await callRoute(agentThoughtsRoute.GET, "GET", "/t", { token: board.token, params: { id: alice.agent.id }, query: "limit=1" });
    expect(latest.json.thoughts.map((thought: { text: string }) => thought.text)).toEqual(["Writing the test"]);
    const ofRun = await callRoute(runThoughtsRoute.GET, "GET", "/t", { token: board.token, params: { runId: alice.runId } });
    expect(ofRun.json.thoughts.map((thought: { text: string }) => thought.text)).toEqual(["Reading the limiter", "Writing the test"]);
    await waitFor(
      () => stream.ofType("agent.thought").filter((event) => event.entityId === alice.agent.id && event.issueId === aliceIssue.id).length === 2,
      "agent.thought for both of Alice's thoughts",
    );
    await stream.close();
  });

  it("thoughts: 422 naming `thought`, agents only, another company's issue, agent and run are 404", async () => {
    const { board, alice, aliceIssue } = await markWorld();
    for (const thought of ["   ", "x".repeat(4_001)]) {
      const refused = await callRoute(issueThoughtsRoute.POST, "POST", "/t", {
        token: alice.token,
        params: { id: aliceIssue.id },
        body: { thought },
        headers: alice.headers,
      });
      expect([refused.status, refused.json.invalid_params[0].name]).toEqual([422, "thought"]);
    }
    await expect(recordThought(actorOf(alice), null, { thought: "Hm", tasks: Array.from({ length: 11 }, () => aliceIssue.id) })).rejects.toMatchObject({
      status: 422,
      invalidParams: [expect.objectContaining({ name: "tasks" })],
    });
    const byBoard = await callRoute(issueThoughtsRoute.POST, "POST", "/t", { token: board.token, params: { id: aliceIssue.id }, body: { thought: "Hm" } });
    expect(byBoard.status).toBe(401);

    await recordThought(actorOf(alice), alice.runId, { thought: "Private", tasks: [aliceIssue.id] });
    const other = await agentWithRun((await seedCompany()).id, "Mallory");
    const outsider = await seedUser({ memberships: { [other.agent.companyId]: "owner" } });
    expect(
      (await callRoute(issueThoughtsRoute.POST, "POST", "/t", { token: other.token, params: { id: aliceIssue.id }, body: { thought: "Hi" } })).status,
    ).toBe(404);
    expect((await callRoute(issueThoughtsRoute.GET, "GET", "/t", { token: outsider.token, params: { id: aliceIssue.id } })).status).toBe(404);
    expect((await callRoute(agentThoughtsRoute.GET, "GET", "/t", { token: outsider.token, params: { id: alice.agent.id } })).status).toBe(404);
    expect((await callRoute(runThoughtsRoute.GET, "GET", "/t", { token: other.token, params: { runId: alice.runId } })).status).toBe(404);
  });
});

describe("the cost ledger", () => {
  it("POST /api/issues/:id/metrics — logged cost lands in the ledger: task totals, the Costs page by day and issue, the agent's spend", async () => {
    const { company, board, alice, aliceIssue } = await markWorld();
    const logged = await logMetrics(
      aliceIssue.id,
      alice,
      { costUsd: 1.25, inputTokens: 1_000, cachedInputTokens: 100, outputTokens: 200, model: "m" },
      alice.headers,
    );
    expect(logged.status).toBe(201);
    expect(logged.json).toEqual({
      recordedCents: 125,
      totals: {
        tasks: [{ id: aliceIssue.id, identifier: aliceIssue.identifier }],
        costCents: 125,
        costUsd: 1.25,
        inputTokens: 1_000,
        cachedInputTokens: 100,
        outputTokens: 200,
        entries: 1,
      },
    });
    // Tokens alone are priced at the company's model prices.
    await db.company.update({ where: { id: company.id }, data: { settings: { modelPrices: { m: { outputCentsPerMillion: 1_000_000 } } } } });
    expect((await logMetrics(aliceIssue.identifier, alice, { outputTokens: 3, model: "m" })).json.recordedCents).toBe(3);

    const read = await callRoute(metricsRoute.GET, "GET", "/m", { token: board.token, params: { id: aliceIssue.id } });
    expect(read.json).toMatchObject({ costCents: 128, outputTokens: 203, entries: 2 });
    const page = (await costs(company.id, board.token)).json;
    expect(page.byDay).toEqual([{ day: today(), costCents: 128, runs: 0 }]);
    expect(page.byIssue).toEqual([
      { issueId: aliceIssue.id, identifier: aliceIssue.identifier, title: "Limiter", costCents: 128, inputTokens: 1_000, outputTokens: 203 },
    ]);
    expect(page.byAgent.find((row: { id: string }) => row.id === alice.agent.id).spentMonthlyCents).toBe(128);
    expect((await db.company.findUniqueOrThrow({ where: { id: company.id } })).spentMonthlyCents).toBe(128);
    expect(await db.activityLog.count({ where: { action: "issue.metrics_logged", entityId: aliceIssue.id } })).toBe(2);
  });

  it("POST /api/issues/:id/metrics — 422 names each bad field, one amount is needed; board callers and another company's issue are refused", async () => {
    const { board, alice, aliceIssue } = await markWorld();
    const bad = await logMetrics(aliceIssue.id, alice, { costUsd: -1, inputTokens: 1.5, outputTokens: 1e13 });
    expect([bad.status, bad.json.invalid_params.map((param: { name: string }) => param.name)]).toEqual([422, ["costUsd", "inputTokens", "outputTokens"]]);
    expect((await logMetrics(aliceIssue.id, alice, { costUsd: 1_000_001 })).json.invalid_params[0].name).toBe("costUsd");
    const empty = await logMetrics(aliceIssue.id, alice, { model: "m" });
    expect([empty.status, empty.json.invalid_params[0].name]).toEqual([422, "costUsd"]);
    expect((await logMetrics(aliceIssue.id, board, { costUsd: 1 })).status).toBe(401);

    const other = await agentWithRun((await seedCompany()).id, "Mallory");
    expect((await logMetrics(aliceIssue.id, other, { costUsd: 1 })).status).toBe(404);
    const outsider = await seedUser({ memberships: { [other.agent.companyId]: "owner" } });
    expect((await callRoute(metricsRoute.GET, "GET", "/m", { token: outsider.token, params: { id: aliceIssue.id } })).status).toBe(404);
    expect(await db.costEvent.count({ where: { companyId: aliceIssue.companyId } })).toBe(0);
  });

  it("a logged cost that crosses the agent's budget pauses it, as a run's cost does", async () => {
    const { alice, aliceIssue } = await markWorld();
    await db.agent.update({ where: { id: alice.agent.id }, data: { budgetMonthlyCents: 200 } });
    await logMetrics(aliceIssue.id, alice, { costUsd: 1.5 });
    expect((await db.agent.findUniqueOrThrow({ where: { id: alice.agent.id } })).status).toBe("idle");
    await logMetrics(aliceIssue.id, alice, { costUsd: 0.5 });
    expect(await db.agent.findUniqueOrThrow({ where: { id: alice.agent.id } })).toMatchObject({ status: "paused", spentMonthlyCents: 200 });
    expect(await db.activityLog.count({ where: { action: "agent.paused_budget", entityId: alice.agent.id } })).toBe(1);
  });

  it("spend saturates at the int4 ceiling: 25 logged costs of $1,000,000 each are all recorded, and a budget at the ceiling pauses the agent", async () => {
    const { company, alice, aliceIssue } = await markWorld();
    const CEILING = 2_147_483_647;
    await db.agent.update({ where: { id: alice.agent.id }, data: { budgetMonthlyCents: CEILING } });
    const statuses: number[] = [];
    for (let call = 0; call < 25; call++) statuses.push((await logMetrics(aliceIssue.id, alice, { costUsd: 1_000_000 }, alice.headers)).status);
    expect(statuses).toEqual(Array(25).fill(201));
    expect(await db.agent.findUniqueOrThrow({ where: { id: alice.agent.id } })).toMatchObject({ status: "paused", spentMonthlyCents: CEILING });
    expect((await db.company.findUniqueOrThrow({ where: { id: company.id } })).spentMonthlyCents).toBe(CEILING);
    // The ledger keeps every entry whole; only the monthly counters stop at their ceiling.
    expect((await callRoute(metricsRoute.GET, "GET", "/m", { token: alice.token, params: { id: aliceIssue.id } })).json).toMatchObject({
      costCents: 25 * 100_000_000,
      entries: 25,
    });
    expect(await db.activityLog.count({ where: { action: "agent.paused_budget", entityId: alice.agent.id } })).toBe(1);
  });

  it("a budget pause from log_metrics disconnects the agent's held work, as any pause does: its working issue goes back to pending", async () => {
    const { company, alice } = await issueWorld();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const source = readFileSync("workflows/seed.yaml", "utf8");
    const saved = await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", { token: owner.token, params: { companyId: company.id }, body: { source } });
    expect(saved.status).toBe(200);
    const issue = (await createIssue(company.id, owner.token, { title: "Index the logs", assigneeAgentId: alice.agent.id })).json;
    expect((await checkout(issue.id, alice, ["todo"])).json).toMatchObject({ status: "in_progress", workflowState: "working" });
    expect((await mark(issue.id, alice, { files: ["src/logs.ts"] })).status).toBe(200);
    await db.agent.update({ where: { id: alice.agent.id }, data: { budgetMonthlyCents: 100 } });

    expect((await logMetrics(issue.id, alice, { costUsd: 1.5 }, alice.headers)).status).toBe(201);
    expect((await db.agent.findUniqueOrThrow({ where: { id: alice.agent.id } })).status).toBe("paused");
    expect(await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({
      status: "todo",
      workflowState: "pending",
      assigneeAgentId: null,
      checkoutRunId: null,
    });
    expect(await db.activityLog.findFirst({ where: { entityId: issue.id, action: "issue.disconnected" } })).toMatchObject({
      details: expect.objectContaining({ agentId: alice.agent.id, fromState: "working", toState: "pending" }),
    });
    expect(await db.fileMark.count({ where: { agentId: alice.agent.id } })).toBe(0);
  });

  it("a run's adapter-reported cost is its total: what the agent logged during the run is part of it, so the ledger counts it once", async () => {
    const company = await seedCompany();
    const board = await seedUser({ memberships: { [company.id]: "owner" } });
    const agent = await agentWithRun(company.id, "Runner");
    // The fixture agent reports 150 cents with 1,200 input (200 cached) and 300 output tokens.
    const { adapterConfig } = processAdapter({ AGENT_COST: "150" });
    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig } });
    const issue = (await createIssue(company.id, board.token, { title: "Pricey", assigneeAgentId: agent.agent.id })).json;
    const claimed = (await claimNextRun())!;
    const during = await logMetrics(issue.id, agent, { costUsd: 0.4, inputTokens: 500, outputTokens: 400 }, { "x-paperclip-run-id": claimed.run.id });
    expect(during.json.recordedCents).toBe(40);
    expect((await executeRun(claimed, "http://127.0.0.1:9")).status).toBe("succeeded");

    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: claimed.run.id } })).costCents).toBe(150);
    const rows = await db.costEvent.findMany({ where: { runId: claimed.run.id }, orderBy: { source: "asc" } });
    expect(rows.map((row) => [row.source, row.costCents, Number(row.inputTokens), Number(row.cachedInputTokens), Number(row.outputTokens)])).toEqual([
      ["adapter", 110, 700, 200, 0],
      ["agent", 40, 500, 0, 400],
    ]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.agent.id } })).spentMonthlyCents).toBe(150);
    const page = (await costs(company.id, board.token)).json;
    expect(page.byDay).toEqual([{ day: today(), costCents: 150, runs: 1 }]);
    expect(page.byIssue).toEqual([expect.objectContaining({ issueId: issue.id, costCents: 150, inputTokens: 1_200 })]);
  });
});

describe("removing attachments", () => {
  it("DELETE /api/issues/:id/attachments/:attachmentId — the holder and the board may, another agent may not; an id of another issue is 404", async () => {
    const { company, board, alice, bob, aliceIssue, bobIssue } = await markWorld();
    expect((await checkout(aliceIssue.id, alice)).status).toBe(200);
    const attach = (issueId: string, agent: AgentHandle, content: string) =>
      callRoute(attachmentsRoute.POST, "POST", "/a", { token: agent.token, params: { id: issueId }, body: { type: "note", content }, headers: agent.headers });
    const first = (await attach(aliceIssue.id, alice, "one")).json;
    const second = (await attach(aliceIssue.id, alice, "two")).json;
    const elsewhere = (await attach(bobIssue.id, bob, "bob's")).json;
    const remove = (issueId: string, attachmentId: string, token: string, headers: Record<string, string> = {}) =>
      callRoute(attachmentRoute.DELETE, "DELETE", "/a", { token, params: { id: issueId, attachmentId }, headers });

    const stream = await openEventStream(eventsRoute.GET, `/api/companies/${company.id}/events`, { token: board.token, params: { companyId: company.id } });
    await waitFor(() => stream.ofType("ready").length === 1, "the event stream to be ready");
    const refused = await remove(aliceIssue.id, first.id, bob.token, bob.headers);
    expect([refused.status, refused.json.code]).toEqual([409, "checkout_conflict"]);
    expect((await remove(aliceIssue.id, elsewhere.id, alice.token, alice.headers)).status).toBe(404);
    expect((await remove(aliceIssue.id, first.id, alice.token)).json.code).toBe("run_id_required");

    expect((await remove(aliceIssue.id, first.id, alice.token, alice.headers)).json).toEqual({ deleted: 1 });
    expect((await remove(aliceIssue.id, first.id, alice.token, alice.headers)).status).toBe(404);
    expect((await remove(aliceIssue.id, second.id, board.token)).json).toEqual({ deleted: 1 });
    const outsider = await seedUser({ memberships: { [(await seedCompany()).id]: "owner" } });
    expect((await remove(bobIssue.id, elsewhere.id, outsider.token)).status).toBe(404);

    const left = await callRoute(attachmentsRoute.GET, "GET", "/a", { token: board.token, params: { id: aliceIssue.id } });
    expect(left.json).toEqual([]);
    expect(await db.activityLog.count({ where: { action: "issue.attachment_removed", entityId: aliceIssue.id } })).toBe(2);
    await waitFor(() => stream.ofType("issue.attachment_removed").length === 2, "issue.attachment_removed twice");
    await stream.close();
  });
});
