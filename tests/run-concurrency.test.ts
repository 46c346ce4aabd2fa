import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as companyAgentsRoute from "@/app/api/companies/[companyId]/agents/route";
import { db } from "@/lib/db/client";
import type { HeartbeatRun } from "@/lib/db/generated/client";
import { claimNextRun, drainOnce, executeRun, startRunLoop } from "@/lib/heartbeats/scheduler";
import { hostId } from "@/lib/runtime/processes";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { createIssue } from "./support/issues";
import { waitFor } from "./support/wait";

const API_URL = "http://127.0.0.1:9";

async function world() {
  const company = await seedCompany();
  const board = await seedUser({ memberships: { [company.id]: "owner" } });
  return { company, board };
}

/** An agent whose every run is a real `sleep` of `seconds` through the process adapter. */
async function sleeper(companyId: string, seconds: number, maxConcurrentRuns?: number) {
  const { agent } = await seedAgent(companyId);
  return db.agent.update({
    where: { id: agent.id },
    data: {
      adapterType: "process",
      adapterConfig: { command: "/bin/sleep", args: [String(seconds)], cwd: mkdtempSync(path.join(os.tmpdir(), "sb-sleeper-")), timeoutSec: 120 },
      runtimeConfig: maxConcurrentRuns === undefined ? {} : { heartbeat: { maxConcurrentRuns } },
    },
  });
}

/**
 * An agent whose first run writes its shell's pid to `<folder>/<run id>.pid` and sleeps a minute (exec keeps the pid);
 * every later run writes its pid and exits at once.
 */
async function firstRunSleeps(companyId: string) {
  const { agent } = await seedAgent(companyId);
  const folder = mkdtempSync(path.join(os.tmpdir(), "sb-first-sleeps-"));
  const script = `echo $$ > "${folder}/$PAPERCLIP_RUN_ID.pid"; [ -e "${folder}/slept" ] && exit 0; : > "${folder}/slept"; exec /bin/sleep 60`;
  const updated = await db.agent.update({
    where: { id: agent.id },
    data: { adapterType: "process", adapterConfig: { command: "/bin/sh", args: ["-c", script], cwd: folder, timeoutSec: 120 } },
  });
  return { agent: updated, pidOf: (runId: string) => (existsSync(`${folder}/${runId}.pid`) ? Number(readFileSync(`${folder}/${runId}.pid`, "utf8")) : null) };
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Issues assigned to the agent in backlog, which wakes nobody: each test wakes the agent when it chooses. */
async function backlogIssues(companyId: string, token: string, agentId: string, count: number) {
  const issues = [];
  for (let index = 0; index < count; index += 1)
    issues.push((await createIssue(companyId, token, { title: `Issue ${index}`, assigneeAgentId: agentId, status: "backlog" })).json as { id: string });
  return issues;
}

const wake = (agent: { id: string; companyId: string }, issueId: string | null) =>
  db.agentWakeupRequest.create({
    data: { companyId: agent.companyId, agentId: agent.id, reason: "issue_commented", issueId, requestedByType: "system", requestedById: "system" },
  });

const running = (where: { companyId?: string; agentId?: string }) =>
  db.heartbeatRun.count({ where: { ...where, invocationSource: "scheduler", status: "running" } });

/** The most runs whose [startedAt, finishedAt) intervals overlap at one moment. */
function maxOverlap(runs: Pick<HeartbeatRun, "startedAt" | "finishedAt">[]) {
  const edges = runs.flatMap((run) => [
    { at: run.startedAt!.getTime(), delta: 1 },
    { at: run.finishedAt!.getTime(), delta: -1 },
  ]);
  // At the same instant an end comes before a start: a run starting as another finishes does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.delta));
  return most;
}

const runsOf = (where: { companyId?: string; agentId?: string }) =>
  db.heartbeatRun.findMany({ where: { ...where, invocationSource: "scheduler" }, orderBy: [{ startedAt: "asc" }, { id: "asc" }], omit: { log: true } });

const wakeIssueIds = (run: HeartbeatRun | Omit<HeartbeatRun, "log">) =>
  (run.context as { wakeups: { issueId: string | null }[] }).wakeups.map((wakeup) => wakeup.issueId);

describe("run concurrency", () => {
  it("twenty agents with five-second runs: sixteen run at once by default, the other four as slots free", { timeout: 120_000 }, async () => {
    expect(process.env.SWITCHBOARD_MAX_CONCURRENT_RUNS).toBeUndefined();
    const { company, board } = await world();
    const agents = [];
    for (let index = 0; index < 20; index += 1) agents.push(await sleeper(company.id, 5));
    for (const agent of agents) await createIssue(company.id, board.token, { title: `Work for ${agent.name}`, assigneeAgentId: agent.id });
    expect(await db.agentWakeupRequest.count({ where: { companyId: company.id, status: "pending" } })).toBe(20);

    const loop = startRunLoop({ apiUrl: API_URL });
    try {
      await waitFor(async () => (await running({ companyId: company.id })) === 16, "sixteen runs at once");
      await waitFor(
        async () => (await db.heartbeatRun.count({ where: { companyId: company.id, finishedAt: { not: null } } })) === 20,
        "all twenty runs to finish",
        { timeoutMs: 90_000 },
      );
    } finally {
      await loop.stop();
    }
    const runs = await runsOf({ companyId: company.id });
    expect(runs.map((run) => run.status)).toEqual(Array(20).fill("succeeded"));
    expect(new Set(runs.map((run) => run.agentId)).size).toBe(20);
    expect(maxOverlap(runs)).toBe(16);
    // The last four waited for a slot: each started only after some run had finished.
    const firstFinish = Math.min(...runs.map((run) => run.finishedAt!.getTime()));
    for (const late of runs.slice(16)) expect(late.startedAt!.getTime()).toBeGreaterThanOrEqual(firstFinish);
    expect(runs.every((run) => run.hostId === hostId())).toBe(true);
  });

  it("an agent with maxConcurrentRuns 1 never has two runs, with two claim loops racing for its wakes on five issues", { timeout: 90_000 }, async () => {
    const { company, board } = await world();
    const agent = await sleeper(company.id, 1, 1);
    const issues = await backlogIssues(company.id, board.token, agent.id, 5);
    // Two independent loops stand in for two instances: the claim is decided in the database alone.
    const loops = [startRunLoop({ apiUrl: API_URL }), startRunLoop({ apiUrl: API_URL })];
    try {
      // Each wake arrives while the previous one's run is going, so both loops find it pending while a run is running.
      for (const issue of issues) {
        const pending = await wake(agent, issue.id);
        await waitFor(
          async () => (await db.agentWakeupRequest.findUniqueOrThrow({ where: { id: pending.id } })).status !== "pending",
          "the wake to be claimed",
        );
      }
      await waitFor(async () => (await db.agentWakeupRequest.count({ where: { agentId: agent.id, status: "delivered" } })) === 5, "all five wakes delivered", {
        timeoutMs: 60_000,
      });
    } finally {
      await Promise.all(loops.map((loop) => loop.stop()));
    }
    const runs = await runsOf({ agentId: agent.id });
    expect(runs.length).toBe(5);
    expect(runs.every((run) => run.status === "succeeded")).toBe(true);
    expect(maxOverlap(runs)).toBe(1);
    expect(runs.map(wakeIssueIds)).toEqual(issues.map((issue) => [issue.id]));
  });

  it("maxConcurrentRuns 3 runs three of an agent's issues at once, never two runs on one issue", { timeout: 90_000 }, async () => {
    const { company, board } = await world();
    const agent = await sleeper(company.id, 2, 3);
    const issues = await backlogIssues(company.id, board.token, agent.id, 5);
    // Two wakes on the first issue before any run: one run takes both.
    for (const issue of [issues[0], ...issues]) await wake(agent, issue.id);
    const loops = [startRunLoop({ apiUrl: API_URL }), startRunLoop({ apiUrl: API_URL })];
    try {
      await waitFor(async () => (await running({ agentId: agent.id })) === 3, "three runs at once");
      // Follow-up wakes on issues whose runs are going: they wait for those runs, while other issues may start.
      await wake(agent, issues[0].id);
      await wake(agent, issues[1].id);
      await waitFor(
        async () => (await db.agentWakeupRequest.count({ where: { agentId: agent.id, status: { not: "delivered" } } })) === 0,
        "every wake delivered",
        { timeoutMs: 60_000 },
      );
    } finally {
      await Promise.all(loops.map((loop) => loop.stop()));
    }
    const runs = await runsOf({ agentId: agent.id });
    expect(runs.every((run) => run.status === "succeeded")).toBe(true);
    expect(maxOverlap(runs)).toBe(3);
    expect(runs.length).toBe(7);
    // Each run carries wakes of its own issue only, and an issue's runs follow one another.
    for (const run of runs) expect(new Set(wakeIssueIds(run))).toEqual(new Set([run.issueId]));
    expect(runs.find((run) => run.issueId === issues[0].id && wakeIssueIds(run).length === 2)).toBeDefined();
    for (const issue of issues) expect(maxOverlap(runs.filter((run) => run.issueId === issue.id))).toBe(1);
    expect(runs.filter((run) => run.issueId === issues[0].id || run.issueId === issues[1].id)).toHaveLength(4);
  });

  it("a lapsed lease (in database time) is failed by the next claim and its wakes are delivered again", async () => {
    const { company, board } = await world();
    const agent = await sleeper(company.id, 0);
    const [issue] = await backlogIssues(company.id, board.token, agent.id, 1);
    const pending = await wake(agent, issue.id);
    process.env.SWITCHBOARD_RUN_LEASE_SECONDS = "7";
    const abandoned = await claimNextRun().finally(() => delete process.env.SWITCHBOARD_RUN_LEASE_SECONDS);
    expect(abandoned?.run.hostId).toBe(hostId());
    const [lease] = await db.$queryRaw<{ seconds: number }[]>`
      SELECT extract(epoch FROM lease_expires_at - now())::float AS seconds FROM heartbeat_runs WHERE id = ${abandoned!.run.id}::uuid`;
    expect(lease.seconds).toBeGreaterThan(5);
    expect(lease.seconds).toBeLessThanOrEqual(7);
    // A live lease is left alone: nothing else to claim, and the run is still running.
    expect(await claimNextRun()).toBeNull();
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: abandoned!.run.id } })).status).toBe("running");

    await db.$executeRaw`UPDATE heartbeat_runs SET lease_expires_at = now() - interval '1 second' WHERE id = ${abandoned!.run.id}::uuid`;
    const redelivered = await claimNextRun();
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: abandoned!.run.id } })).toMatchObject({
      status: "failed",
      error: "The server running it stopped before it finished",
      leaseExpiresAt: null,
    });
    expect(redelivered?.run.id).not.toBe(abandoned!.run.id);
    expect(redelivered?.wakes.map((wakeup) => wakeup.id)).toEqual([pending.id]);
    expect((await executeRun(redelivered!, API_URL)).status).toBe("succeeded");
    expect(await db.agentWakeupRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "delivered",
      heartbeatRunId: redelivered!.run.id,
    });
  });

  it(
    "a run whose lease lapsed and was failed by a claim stops its process, keeps that outcome, and its wake goes to one new run",
    { timeout: 60_000 },
    async () => {
      const { company, board } = await world();
      const { agent, pidOf } = await firstRunSleeps(company.id);
      const [issue] = await backlogIssues(company.id, board.token, agent.id, 1);
      const pending = await wake(agent, issue.id);
      const warn = vi.spyOn(console, "warn");
      const loop = startRunLoop({ apiUrl: API_URL });
      let first: HeartbeatRun | null = null;
      let pid = 0;
      let warnings: string[];
      try {
        first = await waitFor(() => db.heartbeatRun.findFirst({ where: { agentId: agent.id, status: "running" } }), "the first run to start");
        pid = await waitFor(() => pidOf(first!.id), "its process");
        // The executing loop renews every second; the lease is made to lapse again until a claim pass sees it lapsed first.
        await waitFor(async () => {
          await db.$executeRaw`UPDATE heartbeat_runs SET lease_expires_at = now() - interval '1 second' WHERE id = ${first!.id}::uuid AND status = 'running'`;
          return (await db.heartbeatRun.findUniqueOrThrow({ where: { id: first!.id } })).status === "failed";
        }, "a claim pass to fail the lapsed run");
        await waitFor(() => !alive(pid), "the lapsed run's process to be stopped");
        await waitFor(
          async () => (await db.agentWakeupRequest.findUniqueOrThrow({ where: { id: pending.id } })).status === "delivered",
          "the wake delivered again",
        );
      } finally {
        await loop.stop();
        warnings = warn.mock.calls.map(([message]) => String(message));
        warn.mockRestore();
      }
      // Its execution ended after the takeover and wrote nothing: the recovery's outcome stands, and no cost or wake of it.
      expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
        status: "failed",
        error: "The server running it stopped before it finished",
        exitCode: null,
        costCents: 0,
        log: "",
      });
      const runs = await runsOf({ agentId: agent.id });
      expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
      expect((runs[1].context as { wakeups: { id: string }[] }).wakeups.map((wakeup) => wakeup.id)).toEqual([pending.id]);
      expect(await db.agentWakeupRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "delivered", heartbeatRunId: runs[1].id });
      expect(warnings.filter((message) => message.includes(`run ${first.id} lost its lease`))).toHaveLength(1);
    },
  );

  it(
    "handBack (a server being stopped): its runs end failed, their processes stop, their wakes are pending at once for another instance",
    { timeout: 60_000 },
    async () => {
      const { company, board } = await world();
      const sleepers = [await firstRunSleeps(company.id), await firstRunSleeps(company.id)];
      const wakes = [];
      for (const { agent } of sleepers) wakes.push(await wake(agent, (await backlogIssues(company.id, board.token, agent.id, 1))[0].id));
      const loop = startRunLoop({ apiUrl: API_URL });
      const runs = await waitFor(async () => {
        const going = await db.heartbeatRun.findMany({ where: { companyId: company.id, status: "running" }, orderBy: { id: "asc" }, omit: { log: true } });
        return going.length === 2 ? going : null;
      }, "both runs to start");
      const pids = await waitFor(() => {
        const found = runs.map((run) => sleepers.find((sleeper) => sleeper.agent.id === run.agentId)!.pidOf(run.id));
        return found.every(Boolean) ? (found as number[]) : null;
      }, "both processes");

      const handedBack = await loop.handBack();
      expect(handedBack.map((run) => run.id).sort()).toEqual(runs.map((run) => run.id));
      // handBack waited for the processes it stopped.
      expect(pids.map(alive)).toEqual([false, false]);
      for (const run of runs)
        expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
          status: "failed",
          error: "The server running it was stopped; its wakes were handed back to be delivered again",
          leaseExpiresAt: null,
        });
      for (const handed of wakes)
        expect(await db.agentWakeupRequest.findUniqueOrThrow({ where: { id: handed.id } })).toMatchObject({
          status: "pending",
          heartbeatRunId: null,
          claimedAt: null,
        });
      // The stopped loop took none of them back: another claimer (an instance still up) finds and delivers both.
      expect((await drainOnce({ apiUrl: API_URL })).map((result) => result.status)).toEqual(["succeeded", "succeeded"]);
      expect(await db.heartbeatRun.count({ where: { companyId: company.id } })).toBe(4);
      expect(await db.agentWakeupRequest.count({ where: { id: { in: wakes.map((handed) => handed.id) }, status: "delivered" } })).toBe(2);
    },
  );

  it("a run started under a cap of 1 keeps every issue it carries busy when the cap is raised", async () => {
    const { company, board } = await world();
    const agent = await sleeper(company.id, 0, 1);
    const [x, y, z] = await backlogIssues(company.id, board.token, agent.id, 3);
    await wake(agent, x.id);
    await wake(agent, y.id);
    const first = await claimNextRun();
    expect([first?.run.issueId, first?.wakes.map((wakeup) => wakeup.issueId)]).toEqual([x.id, [x.id, y.id]]);
    await db.agent.update({ where: { id: agent.id }, data: { runtimeConfig: { heartbeat: { maxConcurrentRuns: 3 } } } });
    const onY = await wake(agent, y.id);
    const onZ = await wake(agent, z.id);
    // The older wake on Y waits for the first run, which carries Y's earlier wake; Z starts beside it.
    const second = await claimNextRun();
    expect(second?.wakes.map((wakeup) => wakeup.id)).toEqual([onZ.id]);
    expect(await claimNextRun()).toBeNull();
    expect((await executeRun(first!, API_URL)).status).toBe("succeeded");
    expect((await executeRun(second!, API_URL)).status).toBe("succeeded");
    const third = await claimNextRun();
    expect(third?.wakes.map((wakeup) => wakeup.id)).toEqual([onY.id]);
    expect((await executeRun(third!, API_URL)).status).toBe("succeeded");
  });

  it("POST /api/companies/:id/agents and PATCH /api/agents/:id — 400 naming a maxConcurrentRuns outside 1..50, other runtime keys stay free", async () => {
    const { company, board } = await world();
    const create = (runtimeConfig: unknown) =>
      callRoute(companyAgentsRoute.POST, "POST", "/x", { token: board.token, params: { companyId: company.id }, body: { name: "Parallel", runtimeConfig } });
    for (const maxConcurrentRuns of [0, 51, "x", 2.5]) {
      const refused = await create({ heartbeat: { maxConcurrentRuns } });
      expect([refused.status, refused.json.code]).toEqual([400, "validation_failed"]);
      expect(refused.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["body.runtimeConfig.heartbeat.maxConcurrentRuns"]);
    }
    const runtimeConfig = { heartbeat: { maxConcurrentRuns: 50, intervalSec: 60 }, anything: { else: true } };
    const created = await create(runtimeConfig);
    expect(created.status).toBe(201);
    expect(created.json.runtimeConfig).toEqual(runtimeConfig);

    const patch = (body: unknown) => callRoute(agentRoute.PATCH, "PATCH", "/x", { token: board.token, params: { id: created.json.id }, body });
    const refused = await patch({ runtimeConfig: { heartbeat: { maxConcurrentRuns: 0 } } });
    expect([refused.status, refused.json.invalid_params.map((param: { name: string }) => param.name)]).toEqual([
      400,
      ["body.runtimeConfig.heartbeat.maxConcurrentRuns"],
    ]);
    // null, which the free-form object always took, is as if absent.
    const unset = await patch({ runtimeConfig: { heartbeat: null } });
    expect([unset.status, unset.json.runtimeConfig]).toEqual([200, { heartbeat: null }]);
    const updated = await patch({ runtimeConfig: { heartbeat: { maxConcurrentRuns: 1 } } });
    expect([updated.status, updated.json.runtimeConfig]).toEqual([200, { heartbeat: { maxConcurrentRuns: 1 } }]);
  });
});
