import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as unknownApiRoute from "@/app/api/[...path]/route";
import * as invokeRoute from "@/app/api/agents/[id]/heartbeat/invoke/route";
import * as pauseRoute from "@/app/api/agents/[id]/pause/route";
import * as resumeRoute from "@/app/api/agents/[id]/resume/route";
import * as wakeupRoute from "@/app/api/agents/[id]/wakeup/route";
import * as companyRunsRoute from "@/app/api/companies/[companyId]/heartbeat-runs/route";
import * as validateWorkflowRoute from "@/app/api/companies/[companyId]/workflow/validate/route";
import * as cancelRoute from "@/app/api/heartbeat-runs/[runId]/cancel/route";
import * as runEventsRoute from "@/app/api/heartbeat-runs/[runId]/events/route";
import * as runLogRoute from "@/app/api/heartbeat-runs/[runId]/log/route";
import * as runRoute from "@/app/api/heartbeat-runs/[runId]/route";
import * as checkoutRoute from "@/app/api/issues/[id]/checkout/route";
import * as commentsRoute from "@/app/api/issues/[id]/comments/route";
import { isPaperclipOperation } from "@/lib/api/paperclip-operations";
import { db } from "@/lib/db/client";
import { claimNextRun, executeRun } from "@/lib/heartbeats/scheduler";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, comment, createIssue, issueWorld, patchIssue } from "./support/issues";

const IGNORED = "x-switchboard-ignored-fields";
const ignoredNames = (headers: Headers) => (headers.get(IGNORED) ?? "").split(", ").filter(Boolean).sort();

/** A company whose agent has a process delivery configured, so the scheduler would start a run for it. */
async function deliveringWorld() {
  const company = await seedCompany();
  const board = await seedUser({ memberships: { [company.id]: "owner" } });
  const agent = await agentWithRun(company.id, "Runner");
  await db.agent.update({
    where: { id: agent.agent.id },
    data: { adapterType: "process", adapterConfig: { command: process.execPath, args: [path.resolve("tests/fixtures/agent-process.mjs")], timeoutSec: 30 } },
  });
  return { company, board, agent };
}

/** The scheduler's next claim for this agent; claims for agents other tests left waiting are taken and set aside. */
async function claimFor(agentId: string) {
  for (;;) {
    const claimed = await claimNextRun();
    if (!claimed || claimed.agent.id === agentId) return claimed;
  }
}

const invoke = (agentId: string, token: string) =>
  callRoute(invokeRoute.POST, "POST", `/api/agents/${agentId}/heartbeat/invoke`, { token, params: { id: agentId } });

describe("unknown body fields on operations Paperclip also has", () => {
  it("POST /api/issues/:id/checkout — an extra runId in the body is 200, named in X-Switchboard-Ignored-Fields, and not used", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Checkout", assigneeAgentId: alice.agent.id })).json;
    const bodyRunId = randomUUID();
    const res = await callRoute(checkoutRoute.POST, "POST", `/api/issues/${issue.id}/checkout`, {
      token: alice.token,
      params: { id: issue.id },
      body: { agentId: alice.agent.id, expectedStatuses: ["todo"], runId: bodyRunId },
      headers: alice.headers,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get(IGNORED)).toBe("runId");
    expect(res.json).toMatchObject({ status: "in_progress", checkoutRunId: alice.runId });
    // The header's run is the one recorded; the body's was never written anywhere.
    expect(await db.heartbeatRun.findUnique({ where: { id: bodyRunId } })).toBeNull();
    expect(await db.issue.count({ where: { checkoutRunId: bodyRunId } })).toBe(0);
  });

  it("POST /api/agents/:id/wakeup — Paperclip's forceFreshSession and triggerDetail-style extras are ignored, 202", async () => {
    const { board, agent } = await deliveringWorld();
    const res = await callRoute(wakeupRoute.POST, "POST", `/api/agents/${agent.agent.id}/wakeup`, {
      token: board.token,
      params: { id: agent.agent.id },
      body: { source: "on_demand", triggerDetail: "manual", reason: "manual", forceFreshSession: true },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.headers.get(IGNORED)).toBe("forceFreshSession");
    // Paperclip's `heartbeat run` follows this answer as a run.
    expect(res.json).toMatchObject({ status: "queued", agentId: agent.agent.id, wakeReason: "manual" });
    const found = await callRoute(runRoute.GET, "GET", "", { token: board.token, params: { runId: res.json.id } });
    expect(found.status).toBe(200);
  });

  it("POST /api/agents/:id/wakeup — for an agent no run would start for, the wake is kept and the answer is skipped", async () => {
    const { board, agent } = await deliveringWorld();
    await db.agent.update({ where: { id: agent.agent.id }, data: { status: "paused" } });
    const res = await callRoute(wakeupRoute.POST, "POST", "", { token: board.token, params: { id: agent.agent.id }, body: { reason: "later" } });
    expect([res.status, res.json]).toEqual([202, { status: "skipped", reason: "agent_paused" }]);
    expect(await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id }, select: { reason: true, status: true, heartbeatRunId: true } })).toEqual([
      { reason: "later", status: "pending", heartbeatRunId: null },
    ]);
    expect(await db.heartbeatRun.count({ where: { agentId: agent.agent.id } })).toBe(0);
  });

  it("PATCH /api/issues/:id — Paperclip's interrupt flag is ignored and the declared change applies", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Before" })).json;
    const res = await patchIssue(issue.id, board.token, { title: "After", interrupt: true });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get(IGNORED)).toBe("interrupt");
    expect(res.json.title).toBe("After");
  });

  it("POST /api/companies/:companyId/issues — unknown keys inside nested objects are dropped by their dotted names, never stored", async () => {
    const { company, board } = await deliveringWorld();
    const res = await createIssue(company.id, board.token, {
      title: "Nested",
      executionWorkspaceSettings: { sharedWorkspaceConcurrency: "serialize", bogus: 1, workspaceStrategy: { type: "project_primary", secret: "x" } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(ignoredNames(res.headers)).toEqual(["executionWorkspaceSettings.bogus", "executionWorkspaceSettings.workspaceStrategy.secret"]);
    const stored = await db.issue.findUniqueOrThrow({ where: { id: res.json.id }, select: { executionWorkspaceSettings: true } });
    expect(stored.executionWorkspaceSettings).toEqual({ sharedWorkspaceConcurrency: "serialize", workspaceStrategy: { type: "project_primary" } });
  });

  it("POST /api/issues/:id/checkout — ignored fields still get input hygiene: a NUL in one is a 400 naming it", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Hygiene", assigneeAgentId: alice.agent.id })).json;
    const res = await callRoute(checkoutRoute.POST, "POST", `/api/issues/${issue.id}/checkout`, {
      token: alice.token,
      params: { id: issue.id },
      body: { agentId: alice.agent.id, expectedStatuses: ["todo"], runId: "a\u0000b" },
      headers: alice.headers,
    });
    expect([res.status, res.json.code]).toEqual([400, "validation_failed"]);
    expect(res.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["body.runId"]);
    expect((await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).status).toBe("todo");
  });

  it("POST /api/issues/:id/checkout — an ignored field does not excuse a bad declared one: 400 for that, with the header", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Still strict", assigneeAgentId: alice.agent.id })).json;
    const res = await callRoute(checkoutRoute.POST, "POST", `/api/issues/${issue.id}/checkout`, {
      token: alice.token,
      params: { id: issue.id },
      body: { agentId: "not-a-uuid", expectedStatuses: ["todo"], runId: randomUUID() },
      headers: alice.headers,
    });
    expect(res.status).toBe(400);
    expect(res.json.invalid_params.map((p: { name: string }) => p.name)).toEqual(["body.agentId"]);
    expect(res.headers.get(IGNORED)).toBe("runId");
  });

  it("POST /api/companies/:companyId/workflow/validate — not a Paperclip operation: an unknown field is a 400 naming it", async () => {
    const { company, board } = await deliveringWorld();
    const res = await callRoute(validateWorkflowRoute.POST, "POST", `/api/companies/${company.id}/workflow/validate`, {
      token: board.token,
      params: { companyId: company.id },
      body: { source: "settings:\n  initial_state: todo\nstates:\n  todo: {}\n", bogus: true },
    });
    expect([res.status, res.json.code]).toEqual([400, "validation_failed"]);
    expect(res.json.invalid_params).toEqual([{ name: "body.bogus", reason: "Unknown field" }]);
    expect(res.headers.get(IGNORED)).toBeNull();
  });

  it("the Paperclip operation list matches by method and path shape, whatever the parameter names", () => {
    expect(isPaperclipOperation("POST", "/api/issues/{id}/checkout")).toBe(true);
    expect(isPaperclipOperation("GET", "/api/heartbeat-runs/{runId}")).toBe(true);
    expect(isPaperclipOperation("PATCH", "/api/agents/{id}/instructions-path")).toBe(true);
    expect(isPaperclipOperation("POST", "/api/companies/{companyId}/agent-hires")).toBe(true);
    expect(isPaperclipOperation("PUT", "/api/issues/{id}/checkout")).toBe(false);
    expect(isPaperclipOperation("POST", "/api/companies/{companyId}/workflow/validate")).toBe(false);
  });
});

describe("run ids, comment listing and unknown paths as Paperclip clients expect them", () => {
  it("POST /api/issues/:id/comments — X-AImetier-Run-Id is taken as X-Paperclip-Run-Id; a malformed one is a 400 naming it", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Run header" })).json;
    const runId = randomUUID();
    const said = await comment(issue.id, alice.token, "via the other header", { "x-aimetier-run-id": runId });
    expect(said.status, JSON.stringify(said.json)).toBe(201);
    expect(said.json.runId).toBe(runId);
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ agentId: alice.agent.id, invocationSource: "external" });
    const bad = await comment(issue.id, alice.token, "bad", { "x-aimetier-run-id": "../etc" });
    expect([bad.status, bad.json.code]).toEqual([400, "invalid_run_id"]);
    expect(bad.json.invalid_params[0].name).toBe("header.X-AImetier-Run-Id");
  });

  it("GET /api/issues/:id/comments — newest first by default, `after` continues in the listing's order, order=asc oldest first", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Thread" })).json;
    const ids: string[] = [];
    for (const body of ["one", "two", "three"]) ids.push((await comment(issue.id, board.token, body)).json.id);
    const list = async (query = "") =>
      (await callRoute(commentsRoute.GET, "GET", "", { token: board.token, params: { id: issue.id }, query })).json.map((c: { body: string }) => c.body);
    expect(await list()).toEqual(["three", "two", "one"]);
    expect(await list(`after=${ids[2]}`)).toEqual(["two", "one"]);
    expect(await list(`order=asc&after=${ids[0]}`)).toEqual(["two", "three"]);
    expect(await list("limit=2")).toEqual(["three", "two"]);
  });

  it("GET /api/nope — a JSON 404 problem, not Next's HTML page", async () => {
    const res = await callRoute(unknownApiRoute.GET as never, "GET", "/api/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json).toMatchObject({ status: 404, code: "route_not_found" });
  });
});

describe("POST /api/agents/:id/heartbeat/invoke returns the run that will carry the wake", () => {
  it("202 with a queued run GET /api/heartbeat-runs/:id finds; a second invoke joins the same queued run", async () => {
    const { company, board, agent } = await deliveringWorld();
    const first = await invoke(agent.agent.id, board.token);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    expect(first.json).toMatchObject({ agentId: agent.agent.id, companyId: company.id, status: "queued", invocationSource: "scheduler", startedAt: null });
    const found = await callRoute(runRoute.GET, "GET", "", { token: board.token, params: { runId: first.json.id } });
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ id: first.json.id, status: "queued" });

    const second = await invoke(agent.agent.id, board.token);
    expect([second.status, second.json.id]).toEqual([202, first.json.id]);
    const events = await callRoute(runEventsRoute.GET, "GET", "", { token: board.token, params: { runId: first.json.id } });
    expect(events.json.map((wake: { reason: string; status: string }) => [wake.reason, wake.status])).toEqual([
      ["heartbeat_invoke", "pending"],
      ["heartbeat_invoke", "pending"],
    ]);
    const listed = await callRoute(companyRunsRoute.GET, "GET", "", { token: board.token, params: { companyId: company.id } });
    expect(listed.json.map((run: { id: string }) => run.id)).toEqual([first.json.id]);
  });

  it("GET /api/heartbeat-runs/:id/events and /log — the cursor and byte window Paperclip's `heartbeat run` CLI polls with", async () => {
    const { board, agent } = await deliveringWorld();
    const run = (await invoke(agent.agent.id, board.token)).json;
    await invoke(agent.agent.id, board.token);
    await invoke(agent.agent.id, board.token);
    const events = (query: string) => callRoute(runEventsRoute.GET, "GET", "", { token: board.token, params: { runId: run.id }, query });
    expect((await events("")).json.map((event: { seq: number }) => event.seq)).toEqual([1, 2, 3]);
    expect((await events("afterSeq=1&limit=1")).json.map((event: { seq: number }) => event.seq)).toEqual([2]);
    expect((await events("afterSeq=3&limit=100")).json).toEqual([]);
    await db.heartbeatRun.update({ where: { id: run.id }, data: { log: "héllo\nworld\n" } });
    const log = (query: string) => callRoute(runLogRoute.GET, "GET", "", { token: board.token, params: { runId: run.id }, query });
    expect((await log("")).json).toMatchObject({ log: "héllo\nworld\n", content: "héllo\nworld\n", nextOffset: 13 });
    expect((await log("offset=7&limitBytes=3")).json).toMatchObject({ content: "wor", nextOffset: 10 });
    expect((await log("offset=99")).json).toMatchObject({ content: "", nextOffset: 13 });
  });

  it("concurrent invokes all join one queued run", async () => {
    const { board, agent } = await deliveringWorld();
    const answers = await Promise.all(Array.from({ length: 6 }, () => invoke(agent.agent.id, board.token)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((answer) => answer.json.id)).size).toBe(1);
    expect(await db.heartbeatRun.count({ where: { agentId: agent.agent.id } })).toBe(1);
    expect(await db.agentWakeupRequest.count({ where: { agentId: agent.agent.id, heartbeatRunId: answers[0].json.id } })).toBe(6);
  });

  it("the queued run is the one the scheduler starts, exactly once, carrying every waiting wake", async () => {
    const { company, board, agent } = await deliveringWorld();
    const assigned = (await createIssue(company.id, board.token, { title: "Waiting", assigneeAgentId: agent.agent.id })).json;
    const invoked = (await invoke(agent.agent.id, board.token)).json;
    const claimed = await claimFor(agent.agent.id);
    expect(claimed?.run).toMatchObject({ id: invoked.id, status: "running", issueId: assigned.id });
    expect(claimed?.run.startedAt).toBeInstanceOf(Date);
    expect(claimed?.wakes.map((wake) => wake.reason).sort()).toEqual(["heartbeat_invoke", "issue_assigned"]);
    // While it runs nothing else starts for the agent, and a new invoke queues the next run behind it.
    expect(await claimFor(agent.agent.id)).toBeNull();
    const next = (await invoke(agent.agent.id, board.token)).json;
    expect(next).toMatchObject({ status: "queued" });
    expect(next.id).not.toBe(invoked.id);
    expect(await claimFor(agent.agent.id)).toBeNull();
    expect((await executeRun(claimed!, "http://127.0.0.1:9")).status).toBe("succeeded");
    const after = await claimFor(agent.agent.id);
    expect(after?.run.id).toBe(next.id);
    await executeRun(after!, "http://127.0.0.1:9");
    expect(await claimFor(agent.agent.id)).toBeNull();
    const runs = await db.heartbeatRun.findMany({ where: { agentId: agent.agent.id }, orderBy: { createdAt: "asc" } });
    expect(runs.map((run) => [run.id, run.status])).toEqual([
      [invoked.id, "succeeded"],
      [next.id, "succeeded"],
    ]);
  });

  it("POST /api/heartbeat-runs/:id/cancel — a queued run ends cancelled at once with its wakes, and never starts", async () => {
    const { board, agent } = await deliveringWorld();
    const invoked = (await invoke(agent.agent.id, board.token)).json;
    const cancelled = await callRoute(cancelRoute.POST, "POST", "", { token: board.token, params: { runId: invoked.id } });
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    expect(cancelled.json).toMatchObject({ id: invoked.id, status: "cancelled" });
    expect(await db.agentWakeupRequest.findMany({ where: { heartbeatRunId: invoked.id }, select: { status: true } })).toEqual([{ status: "cancelled" }]);
    expect(await claimFor(agent.agent.id)).toBeNull();
    const again = await callRoute(cancelRoute.POST, "POST", "", { token: board.token, params: { runId: invoked.id } });
    expect([again.status, again.json.code]).toEqual([409, "run_not_active"]);
  });

  it("POST /api/agents/:id/pause keeps the queued run heartbeat/invoke returned; after resume that same run starts with its wakes", async () => {
    const { board, agent } = await deliveringWorld();
    const invoked = (await invoke(agent.agent.id, board.token)).json;
    const paused = await callRoute(pauseRoute.POST, "POST", "", { token: board.token, params: { id: agent.agent.id } });
    expect(paused.status, JSON.stringify(paused.json)).toBe(200);
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: invoked.id } })).toMatchObject({ status: "queued", cancelRequestedAt: null });
    expect(await claimFor(agent.agent.id)).toBeNull();
    // A wake asked for while paused is kept, and goes with the same run.
    const skipped = await callRoute(wakeupRoute.POST, "POST", "", { token: board.token, params: { id: agent.agent.id }, body: { reason: "manual" } });
    expect([skipped.status, skipped.json]).toEqual([202, { status: "skipped", reason: "agent_paused" }]);
    expect((await callRoute(resumeRoute.POST, "POST", "", { token: board.token, params: { id: agent.agent.id } })).status).toBe(200);
    const claimed = await claimFor(agent.agent.id);
    expect(claimed?.run.id).toBe(invoked.id);
    expect(claimed?.wakes.map((wake) => wake.reason)).toEqual(["heartbeat_invoke", "manual"]);
    expect((await executeRun(claimed!, "http://127.0.0.1:9")).status).toBe("succeeded");
    const followed = await callRoute(runRoute.GET, "GET", "", { token: board.token, params: { runId: invoked.id } });
    expect(followed.json.status).toBe("succeeded");
    expect(await db.heartbeatRun.count({ where: { agentId: agent.agent.id } })).toBe(1);
  });

  it("202 {status: skipped} with the reason, and nothing written, when no run would start", async () => {
    const { board, agent } = await deliveringWorld();
    await db.agent.update({ where: { id: agent.agent.id }, data: { status: "paused" } });
    const paused = await invoke(agent.agent.id, board.token);
    expect([paused.status, paused.json]).toEqual([202, { status: "skipped", reason: "agent_paused" }]);

    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const polling = await agentWithRun(company.id, "Poller");
    const undelivered = await invoke(polling.agent.id, owner.token);
    expect([undelivered.status, undelivered.json]).toEqual([202, { status: "skipped", reason: "no_delivery_configured" }]);
    expect(await db.heartbeatRun.count({ where: { agentId: { in: [agent.agent.id, polling.agent.id] } } })).toBe(0);
    expect(await db.agentWakeupRequest.count({ where: { agentId: { in: [agent.agent.id, polling.agent.id] } } })).toBe(0);
  });

  it("404 for another company's agent; an agent may invoke only itself (403), and its own invoke is 202", async () => {
    const { agent } = await deliveringWorld();
    const other = await deliveringWorld();
    const foreign = await invoke(agent.agent.id, other.board.token);
    expect([foreign.status, foreign.json.code]).toEqual([404, "not_found"]);
    const sibling = await agentWithRun(other.company.id, "Sibling");
    const refused = await invoke(other.agent.agent.id, sibling.token);
    expect([refused.status, refused.json.code]).toEqual([403, "agent_permission_required"]);
    const own = await invoke(other.agent.agent.id, other.agent.token);
    expect([own.status, own.json.status]).toEqual([202, "queued"]);
    expect(await db.heartbeatRun.count({ where: { agentId: agent.agent.id } })).toBe(0);
  });
});
