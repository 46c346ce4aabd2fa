import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/approvals/[id]/approve/route";
import * as rejectRoute from "@/app/api/approvals/[id]/reject/route";
import * as companyApprovalsRoute from "@/app/api/companies/[companyId]/approvals/route";
import * as wakeupRoute from "@/app/api/agents/[id]/wakeup/route";
import * as cancelRoute from "@/app/api/heartbeat-runs/[runId]/cancel/route";
import * as commentsRoute from "@/app/api/issues/[id]/comments/route";
import { db } from "@/lib/db/client";
import { claimNextRun, drainOnce, executeRun, queueTimerHeartbeats } from "@/lib/heartbeats/scheduler";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, checkout, comment, createIssue, patchIssue } from "./support/issues";
import { alive, processAdapter, runsOf } from "./support/process-agent";

const FIXTURES = path.resolve("tests/fixtures");

/** A company whose agent runs tests/fixtures/agent-process.mjs, recording each wake's environment in a file. */
async function processWorld(env: Record<string, string> = {}) {
  const company = await seedCompany();
  const board = await seedUser({ memberships: { [company.id]: "owner" } });
  const agent = await agentWithRun(company.id, "Runner");
  const { dir, adapterConfig, wakes } = processAdapter(env);
  await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig } });
  return { company, board, agent, dir, wakes };
}

describe("heartbeat runs through the process adapter", () => {
  it("assigning an issue runs the agent's command once with the PAPERCLIP_* environment and a run token", async () => {
    const { company, board, agent, wakes } = await processWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Fix the cron", assigneeAgentId: agent.agent.id })).json;
    const [result] = await drainOnce({ apiUrl: "http://127.0.0.1:9" });
    expect(result.status).toBe("succeeded");
    const [env] = wakes();
    const [run] = await runsOf(agent.agent.id);
    expect(env).toMatchObject({
      PAPERCLIP_AGENT_ID: agent.agent.id,
      PAPERCLIP_COMPANY_ID: company.id,
      PAPERCLIP_RUN_ID: run.id,
      PAPERCLIP_TASK_ID: issue.id,
      PAPERCLIP_WAKE_REASON: "issue_assigned",
      PAPERCLIP_API_URL: "http://127.0.0.1:9",
    });
    expect(env.PAPERCLIP_API_KEY).toMatch(/^pcp_run_[0-9a-f]{48}$/);
    expect(JSON.parse(env.PAPERCLIP_WAKE_PAYLOAD_JSON)).toMatchObject({ issueId: issue.id });
    expect(run).toMatchObject({
      status: "succeeded",
      exitCode: 0,
      wakeReason: "issue_assigned",
      issueId: issue.id,
      usage: { inputTokens: 1200, outputTokens: 300 },
    });
    expect(run.log).toContain("woke for issue_assigned");
    expect(await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id }, select: { status: true } })).toEqual([{ status: "delivered" }]);
    expect(await drainOnce()).toEqual([]);
  });

  it("ten comments in a burst are one coalesced run, not ten", async () => {
    const { company, board, agent, wakes } = await processWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Chatty", assigneeAgentId: agent.agent.id, status: "backlog" })).json;
    await Promise.all(Array.from({ length: 10 }, (_, index) => comment(issue.id, board.token, `Note ${index}`)));
    expect(await db.agentWakeupRequest.count({ where: { agentId: agent.agent.id, status: "pending" } })).toBe(10);
    await drainOnce();
    expect(await runsOf(agent.agent.id)).toHaveLength(1);
    expect(JSON.parse(wakes()[0].PAPERCLIP_WAKE_PAYLOAD_JSON).wakeups).toHaveLength(10);
  });

  it("approve, reject, changes requested and blockers resolved each reach the agent with their own PAPERCLIP_WAKE_REASON", async () => {
    const { company, board, agent, wakes } = await processWorld();
    const approval = (
      await callRoute(companyApprovalsRoute.POST, "POST", "/a", {
        token: agent.token,
        params: { companyId: company.id },
        body: { type: "request_board_approval", payload: { title: "Spend" } },
        headers: agent.headers,
      })
    ).json;
    await callRoute(approveRoute.POST, "POST", "/ap", { token: board.token, params: { id: approval.id }, body: { decisionNote: "ok" } });
    await drainOnce();
    expect(wakes().at(-1)).toMatchObject({
      PAPERCLIP_WAKE_REASON: "approval_approved",
      PAPERCLIP_APPROVAL_ID: approval.id,
      PAPERCLIP_APPROVAL_STATUS: "approved",
    });

    const second = (
      await callRoute(companyApprovalsRoute.POST, "POST", "/a", {
        token: agent.token,
        params: { companyId: company.id },
        body: { type: "request_board_approval", payload: { title: "Vendor" } },
        headers: agent.headers,
      })
    ).json;
    await callRoute(rejectRoute.POST, "POST", "/rj", { token: board.token, params: { id: second.id }, body: { decisionNote: "no" } });
    await drainOnce();
    expect(wakes().at(-1)).toMatchObject({ PAPERCLIP_WAKE_REASON: "approval_rejected", PAPERCLIP_APPROVAL_STATUS: "rejected" });

    const reviewer = await seedUser({ memberships: { [company.id]: "operator" } });
    const reviewed = (
      await createIssue(company.id, board.token, {
        title: "Reviewed",
        assigneeAgentId: agent.agent.id,
        executionPolicy: { stages: [{ type: "approval", participants: [{ type: "user", userId: reviewer.user.id }] }] },
      })
    ).json;
    await drainOnce();
    await checkout(reviewed.id, agent);
    await patchIssue(reviewed.id, agent.token, { status: "done", comment: "Ready" }, agent.headers);
    await patchIssue(reviewed.id, reviewer.token, { status: "in_progress", comment: "Add tests" });
    await drainOnce();
    expect(wakes().at(-1)).toMatchObject({ PAPERCLIP_WAKE_REASON: "execution_changes_requested", PAPERCLIP_TASK_ID: reviewed.id });

    const blocker = (await createIssue(company.id, board.token, { title: "First" })).json;
    const blocked = (await createIssue(company.id, board.token, { title: "Second", assigneeAgentId: agent.agent.id, blockedByIssueIds: [blocker.id] })).json;
    await drainOnce();
    await patchIssue(blocker.id, board.token, { status: "done" });
    await drainOnce();
    expect(wakes().at(-1)).toMatchObject({ PAPERCLIP_WAKE_REASON: "issue_blockers_resolved", PAPERCLIP_TASK_ID: blocked.id });
  });

  it("the run token acts as the agent for that run while it runs, and stops working when the run ends", async () => {
    const { company, board, agent } = await processWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Token", assigneeAgentId: agent.agent.id })).json;
    const claimed = (await claimNextRun())!;
    const said = await callRoute(commentsRoute.POST, "POST", "/c", { token: claimed.token, params: { id: issue.id }, body: { body: "From inside the run" } });
    expect(said.json).toMatchObject({ authorAgentId: agent.agent.id, runId: claimed.run.id });
    const mismatch = await callRoute(commentsRoute.POST, "POST", "/c", {
      token: claimed.token,
      params: { id: issue.id },
      body: { body: "x" },
      headers: { "x-paperclip-run-id": crypto.randomUUID() },
    });
    expect([mismatch.status, mismatch.json.code]).toEqual([403, "run_token_mismatch"]);
    await executeRun(claimed);
    expect((await callRoute(commentsRoute.POST, "POST", "/c", { token: claimed.token, params: { id: issue.id }, body: { body: "late" } })).status).toBe(401);
  });

  it("cancel kills the run's whole process group", async () => {
    const { company, board, agent, dir } = await processWorld({ AGENT_MODE: "linger" });
    await createIssue(company.id, board.token, { title: "Long", assigneeAgentId: agent.agent.id });
    const claimed = (await claimNextRun())!;
    const finished = executeRun(claimed);
    const pidsFile = path.join(dir, "pids.json");
    await expect.poll(() => existsSync(pidsFile), { timeout: 10_000 }).toBe(true);
    const pids = JSON.parse(readFileSync(pidsFile, "utf8")) as number[];
    expect(pids.every(alive)).toBe(true);
    const cancelled = await callRoute(cancelRoute.POST, "POST", "/x", { token: board.token, params: { runId: claimed.run.id } });
    expect(cancelled.status).toBe(200);
    expect((await finished).status).toBe("cancelled");
    await expect.poll(() => pids.some(alive), { timeout: 10_000 }).toBe(false);
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: claimed.run.id } })).status).toBe("cancelled");
  });

  it("a run whose server stopped (its lease lapsed) is failed and its wakes are delivered again by a new run", async () => {
    const { company, board, agent, wakes } = await processWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Interrupted", assigneeAgentId: agent.agent.id })).json;
    const abandoned = (await claimNextRun())!;
    // The server executing it died: nothing renews the lease any more.
    await db.heartbeatRun.update({ where: { id: abandoned.run.id }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
    expect((await drainOnce()).map((result) => result.status)).toEqual(["succeeded"]);
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: abandoned.run.id } })).toMatchObject({
      status: "failed",
      error: "The server running it stopped before it finished",
    });
    expect(wakes()).toEqual([expect.objectContaining({ PAPERCLIP_WAKE_REASON: "issue_assigned", PAPERCLIP_TASK_ID: issue.id })]);
    expect(await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id }, select: { status: true } })).toEqual([{ status: "delivered" }]);
  });

  it("a run whose cost crosses the budget pauses the agent; its next wake waits until it is resumed", async () => {
    const { company, board, agent } = await processWorld({ AGENT_COST: "150" });
    await db.agent.update({ where: { id: agent.agent.id }, data: { budgetMonthlyCents: 100 } });
    const issue = (await createIssue(company.id, board.token, { title: "Pricey", assigneeAgentId: agent.agent.id })).json;
    await drainOnce();
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.agent.id } })).toMatchObject({ status: "paused", spentMonthlyCents: 150 });
    await comment(issue.id, board.token, "One more thing");
    expect(await drainOnce()).toEqual([]);
    expect(await db.agentWakeupRequest.count({ where: { agentId: agent.agent.id, status: "pending" } })).toBe(1);
    await db.agent.update({ where: { id: agent.agent.id }, data: { status: "idle", budgetMonthlyCents: 1000 } });
    expect((await drainOnce()).map((result) => result.status)).toEqual(["succeeded"]);
  });
});

describe("wakes, timers, budgets and webhooks", () => {
  it("POST /api/agents/:id/wakeup queues a wake for board users and the agent itself (202 with the run that carries it), not for other agents", async () => {
    const { company, board, agent, wakes } = await processWorld();
    const other = await agentWithRun(company.id, "Other");
    const byBoard = await callRoute(wakeupRoute.POST, "POST", "/w", {
      token: board.token,
      params: { id: agent.agent.id },
      body: { reason: "please_check_ci", payload: { note: "red build" } },
    });
    expect([byBoard.status, byBoard.json.status, byBoard.json.wakeReason]).toEqual([202, "queued", "please_check_ci"]);
    const bySelf = await callRoute(wakeupRoute.POST, "POST", "/w", { token: agent.token, params: { id: agent.agent.id }, body: {} });
    expect([bySelf.status, bySelf.json.id]).toEqual([202, byBoard.json.id]);
    expect((await callRoute(wakeupRoute.POST, "POST", "/w", { token: other.token, params: { id: agent.agent.id }, body: {} })).status).toBe(403);
    await drainOnce();
    expect(wakes()).toHaveLength(1);
    expect(wakes()[0]).toMatchObject({ PAPERCLIP_WAKE_REASON: "please_check_ci" });
    expect(JSON.parse(wakes()[0].PAPERCLIP_WAKE_PAYLOAD_JSON)).toMatchObject({ note: "red build" });
  });

  it("timer heartbeats wake agents whose interval has passed, once, and the wake says when the budget is 80% spent", async () => {
    const { agent, wakes } = await processWorld();
    await db.agent.update({
      where: { id: agent.agent.id },
      data: { runtimeConfig: { heartbeatIntervalSec: 60 }, lastHeartbeatAt: new Date(Date.now() - 120_000), budgetMonthlyCents: 1000, spentMonthlyCents: 850 },
    });
    expect(await queueTimerHeartbeats()).toBe(1);
    expect(await queueTimerHeartbeats()).toBe(0);
    await drainOnce();
    expect(wakes()[0].PAPERCLIP_WAKE_REASON).toBe("heartbeat_timer");
    expect(JSON.parse(wakes()[0].PAPERCLIP_WAKE_PAYLOAD_JSON).budget).toMatchObject({ spentMonthlyCents: 850, budgetMonthlyCents: 1000 });
    expect(await queueTimerHeartbeats()).toBe(0);
  });

  it("http delivers to loopback webhooks (2xx = delivered), refuses redirects and hosts that are not allowed", async () => {
    const received: unknown[] = [];
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push(JSON.parse(body));
        if (request.url === "/moved") response.writeHead(302, { location: "http://example.com/" }).end();
        else response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { company, board, agent } = await processWorld();
      const deliver = async (url: string) => {
        await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "http", adapterConfig: { url } } });
        await callRoute(wakeupRoute.POST, "POST", "/w", { token: board.token, params: { id: agent.agent.id }, body: {} });
        return (await drainOnce())[0];
      };
      expect((await deliver(`http://127.0.0.1:${port}/hook`)).status).toBe("succeeded");
      expect(received[0]).toMatchObject({ PAPERCLIP_AGENT_ID: agent.agent.id, PAPERCLIP_COMPANY_ID: company.id, PAPERCLIP_WAKE_REASON: "manual" });
      expect(await deliver(`http://127.0.0.1:${port}/moved`)).toMatchObject({ status: "failed", error: "Webhook answered 302 (redirects are not followed)" });
      expect(await deliver("http://10.1.2.3/hook")).toMatchObject({ status: "failed", error: expect.stringContaining("not allowed") });
      expect(received).toHaveLength(2);
    } finally {
      server.close();
    }
  });
});

describe("codex_local with a fake codex binary", () => {
  it("parses the JSONL, and a session codex cannot resume is cleared and retried fresh once", async () => {
    const company = await seedCompany();
    const board = await seedUser({ memberships: { [company.id]: "owner" } });
    const agent = await agentWithRun(company.id, "Codex");
    const issue = (await createIssue(company.id, board.token, { title: "Codex task" })).json;
    await db.agent.update({
      where: { id: agent.agent.id },
      data: {
        adapterType: "codex_local",
        adapterConfig: { codexPath: path.join(FIXTURES, "fake-codex.mjs") },
        runtimeConfig: { sessions: { [issue.id]: "stale-1" } },
      },
    });
    await patchIssue(issue.id, board.token, { assigneeAgentId: agent.agent.id, status: "todo" });
    const [result] = await drainOnce();
    expect(result).toMatchObject({
      status: "succeeded",
      sessionId: "thread_new",
      summary: "Checked the issue and left a comment.",
      usage: { inputTokens: 900, cachedInputTokens: 100, outputTokens: 80 },
    });
    const run = (await runsOf(agent.agent.id))[0];
    expect(run.log).toContain("could not resume session stale-1; starting a fresh session");
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.agent.id } })).runtimeConfig).toEqual({ sessions: { [issue.id]: "thread_new" } });
  });
});
