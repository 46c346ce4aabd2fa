import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as companyWorkflowRoute from "@/app/api/companies/[companyId]/workflow/route";
import * as cancelRoute from "@/app/api/heartbeat-runs/[runId]/cancel/route";
import * as issueMarksRoute from "@/app/api/issues/[id]/file-marks/route";
import { db } from "@/lib/db/client";
import { claimNextRun, executeRun } from "@/lib/heartbeats/scheduler";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, checkout, createIssue, getIssue, patchIssue } from "./support/issues";
import { callTool, useMcpHttp } from "./support/mcp-http";
import { alive } from "./support/process-agent";
import { waitFor } from "./support/wait";

// "A run killed mid-task moves its task to disconnect_state and releases its marks", end to end: a claude_local run
// whose fake CLI claims its task, thinks and marks a file over the MCP configuration it was given, then keeps working
// until the board cancels it or its process is killed from outside.

const SEED = readFileSync("workflows/seed.yaml", "utf8");
const FAKE_CLAUDE = path.resolve("tests/fixtures/fake-claude.mjs");

const { url: mcpUrl, connect } = useMcpHttp();

/**
 * A company (on the seed workflow unless `workflow` is null) with a claude_local agent whose CLI, once woken for its
 * task, calls claim, thinking and mark_file over MCP and then lingers; a second agent watches the marks over MCP.
 */
async function killableRun(workflow: string | null) {
  const company = await seedCompany();
  const owner = await seedUser({ memberships: { [company.id]: "owner" } });
  if (workflow) {
    const saved = await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", { token: owner.token, params: { companyId: company.id }, body: { source: workflow } });
    expect(saved.status).toBe(200);
  }
  const claude = await agentWithRun(company.id, "Claude");
  const watcher = await agentWithRun(company.id, "Watcher");
  const created = await createIssue(company.id, owner.token, { title: "Rewrite the app shell", status: "todo" });
  expect(created.status).toBe(201);
  const issue = created.json as { id: string; identifier: string };

  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-mcp-run-"));
  const repo = path.join(dir, "repo");
  const home = path.join(dir, "home");
  mkdirSync(repo, { recursive: true });
  mkdirSync(path.join(home, ".claude"), { recursive: true });
  const pidsFile = path.join(dir, "pids.json");
  const calls = [
    { tool: "claim", arguments: { task: issue.id } },
    { tool: "thinking", arguments: { thought: "Splitting the shell into layout and routes" } },
    { tool: "mark_file", arguments: { file: "src/app.ts", reason: "editing" } },
  ];
  await db.agent.update({
    where: { id: claude.agent.id },
    data: {
      adapterType: "claude_local",
      adapterConfig: {
        claudePath: FAKE_CLAUDE,
        cwd: repo,
        timeoutSec: 60,
        env: {
          HOME: home,
          FAKE_CLI_RECORD: path.join(dir, "record.jsonl"),
          FAKE_CLI_PIDS: pidsFile,
          FAKE_CLI_MCP_CALL: JSON.stringify(calls),
          FAKE_CLI_LINGER: "after_mcp",
        },
      },
    },
  });
  const watching = await connect(watcher.token, watcher.headers);
  // The watcher's first mark_updates starts its cursor before anything is marked.
  expect((await callTool(watching, "mark_updates")).result).toMatchObject({ newMarks: [], removedMarks: [] });

  // Assigning wakes the agent; the scheduler starts its run against the real MCP server.
  expect((await patchIssue(issue.id, owner.token, { assigneeAgentId: claude.agent.id })).status).toBe(200);
  const claimed = (await claimNextRun())!;
  expect(claimed.run).toMatchObject({ agentId: claude.agent.id, issueId: issue.id });
  const finished = executeRun(claimed, mcpUrl().replace(/\/api\/mcp$/, ""));

  // The CLI writes its pids once its tool calls are made and it lingers, mid-task.
  const pids = await waitFor(
    () => (existsSync(pidsFile) ? (JSON.parse(readFileSync(pidsFile, "utf8")) as number[]) : null),
    "the CLI to make its MCP calls and linger",
  );
  expect(pids.every(alive)).toBe(true);
  const marksOnIssue = async () => {
    const listed = await callRoute(issueMarksRoute.GET, "GET", "/m", { token: owner.token, params: { id: issue.id } });
    expect(listed.status).toBe(200);
    return listed.json.marks as { path: string; agentId: string; runId: string | null; reason: string | null }[];
  };
  const held = await waitFor(async () => {
    const row = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
    const marks = await marksOnIssue();
    return row.status === "in_progress" && row.checkoutRunId === claimed.run.id && marks.length === 1 ? { row, marks } : null;
  }, "the claim and the mark of the run");
  expect(held.row.assigneeAgentId).toBe(claude.agent.id);
  if (workflow) expect(held.row.workflowState).toBe("working");
  expect(held.marks[0]).toMatchObject({ path: "src/app.ts", agentId: claude.agent.id, runId: claimed.run.id, reason: "editing" });
  expect(await db.agentThought.count({ where: { runId: claimed.run.id, issueId: issue.id } })).toBe(1);

  // The watcher sees the mark over MCP, both ways.
  const seen = await callTool(watching, "list_marks", { files: ["src/app.ts"] });
  expect(seen.result.marks).toEqual([expect.objectContaining({ path: "src/app.ts", agentId: claude.agent.id, issueId: issue.id })]);
  expect((await callTool(watching, "mark_updates")).result.newMarks).toEqual([
    expect.objectContaining({ file: "src/app.ts", agentId: claude.agent.id, issueId: issue.id, reason: "editing" }),
  ]);

  return { company, owner, claude, watcher, watching, issue, claimed, finished, pids, marksOnIssue };
}

type KilledRun = Awaited<ReturnType<typeof killableRun>>;

/** After the run ended: no process of it is left, no mark of it is left, and the watcher heard of the removal. */
async function expectMarksReleased(run: KilledRun, reason: string) {
  await waitFor(() => !run.pids.some(alive), "every process of the run to be gone");
  expect(await run.marksOnIssue()).toEqual([]);
  expect(await db.fileMark.count({ where: { agentId: run.claude.agent.id } })).toBe(0);
  expect((await callTool(run.watching, "list_marks", { files: ["src/app.ts"] })).result.marks).toEqual([]);
  const updates = await callTool(run.watching, "mark_updates");
  expect(updates.result).toMatchObject({
    newMarks: [],
    removedMarks: [expect.objectContaining({ file: "src/app.ts", agentId: run.claude.agent.id, issueId: run.issue.id, reason })],
  });
}

/** The seed workflow's disconnect_state: the issue is back in pending, with nobody on it, recorded as the system's. */
async function expectBackInPending(run: KilledRun) {
  expect(await db.issue.findUniqueOrThrow({ where: { id: run.issue.id } })).toMatchObject({
    status: "todo",
    workflowState: "pending",
    assigneeAgentId: null,
    assigneeUserId: null,
    checkoutRunId: null,
    executionRunId: null,
  });
  const read = await getIssue(run.issue.id, run.owner.token);
  expect(read.json).toMatchObject({ status: "todo", workflowState: "pending", assigneeAgentId: null });
  expect(await db.activityLog.findMany({ where: { entityId: run.issue.id, action: "issue.disconnected" } })).toEqual([
    expect.objectContaining({
      actorType: "system",
      details: expect.objectContaining({ agentId: run.claude.agent.id, runId: run.claimed.run.id, fromState: "working", toState: "pending" }),
    }),
  ]);
  // Nobody is woken for an assignee that was cleared.
  expect(await db.agentWakeupRequest.count({ where: { issueId: run.issue.id, status: "pending" } })).toBe(0);
}

describe("a run killed mid-task under the seed workflow (disconnect_state: pending)", () => {
  it("cancelled by the board: its process group dies, its task goes back to pending with no assignee, its mark is released", async () => {
    const run = await killableRun(SEED);
    const cancelled = await callRoute(cancelRoute.POST, "POST", "/c", { token: run.owner.token, params: { runId: run.claimed.run.id } });
    expect(cancelled.status).toBe(200);
    expect((await run.finished).status).toBe("cancelled");
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: run.claimed.run.id } })).status).toBe("cancelled");
    await expectMarksReleased(run, "agent disconnected");
    await expectBackInPending(run);
  });

  it("its CLI killed from outside (SIGKILL): the run fails and the task and mark go the same way", async () => {
    const run = await killableRun(SEED);
    const [cli] = run.pids;
    process.kill(cli, "SIGKILL");
    const result = await run.finished;
    expect(result.status).toBe("failed");
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: run.claimed.run.id } })).status).toBe("failed");
    await expectMarksReleased(run, "agent disconnected");
    await expectBackInPending(run);
  });
});

describe("a run killed mid-task under the default workflow (no disconnect_state)", () => {
  it("leaves the task in progress with its agent, for the next heartbeat to adopt, but still releases the run's marks", async () => {
    const run = await killableRun(null);
    process.kill(run.pids[0], "SIGKILL");
    expect((await run.finished).status).toBe("failed");
    await expectMarksReleased(run, "run failed");
    expect(await db.issue.findUniqueOrThrow({ where: { id: run.issue.id } })).toMatchObject({
      status: "in_progress",
      assigneeAgentId: run.claude.agent.id,
      checkoutRunId: run.claimed.run.id,
    });
    expect(await db.activityLog.count({ where: { entityId: run.issue.id, action: "issue.disconnected" } })).toBe(0);
    // The agent's next run takes over the checkout the dead run left.
    const adopted = await checkout(run.issue.id, run.claude, ["in_progress"]);
    expect(adopted.status).toBe(200);
    expect(adopted.json).toMatchObject({ status: "in_progress", assigneeAgentId: run.claude.agent.id, checkoutRunId: run.claude.runId });
  });
});
