import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/approvals/[id]/approve/route";
import * as rejectRoute from "@/app/api/approvals/[id]/reject/route";
import * as invokeRoute from "@/app/api/agents/[id]/heartbeat/invoke/route";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as meRoute from "@/app/api/agents/me/route";
import * as pauseRoute from "@/app/api/agents/[id]/pause/route";
import * as resumeRoute from "@/app/api/agents/[id]/resume/route";
import * as terminateRoute from "@/app/api/agents/[id]/terminate/route";
import * as hiresRoute from "@/app/api/companies/[companyId]/agent-hires/route";
import * as agentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as orgRoute from "@/app/api/companies/[companyId]/org/route";
import { setAgentStatus } from "@/lib/agents/status";
import { displayPrefix, generateApiKeyToken, hashApiKeyToken } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";
import { claimNextRun, drainOnce, executeRun } from "@/lib/heartbeats/scheduler";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, checkout, createIssue } from "./support/issues";
import { processAdapter } from "./support/process-agent";

async function world(options: { requireApproval?: boolean } = {}) {
  const company = await seedCompany();
  if (options.requireApproval) await db.company.update({ where: { id: company.id }, data: { requireBoardApprovalForNewAgents: true } });
  const owner = await seedUser({ memberships: { [company.id]: "owner" } });
  const operator = await seedUser({ memberships: { [company.id]: "operator" } });
  const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
  return { company, owner, operator, viewer };
}

/** A key written straight to the table: the API refuses keys to pending agents, but one may exist from before. */
async function keyFor(agent: { id: string; companyId: string }) {
  const token = generateApiKeyToken("agent");
  await db.agentApiKey.create({
    data: { agentId: agent.id, companyId: agent.companyId, name: "direct", keyHash: hashApiKeyToken(token), keyPrefix: displayPrefix(token) },
  });
  return token;
}

const me = (token: string) => callRoute(meRoute.GET, "GET", "/api/agents/me", { token });
const hire = (companyId: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  callRoute(hiresRoute.POST, "POST", `/api/companies/${companyId}/agent-hires`, { token, params: { companyId }, body, headers });
const lifecycle = (route: typeof pauseRoute, verb: string, agentId: string, token: string) =>
  callRoute(route.POST, "POST", `/api/agents/${agentId}/${verb}`, { token, params: { id: agentId } });
const pause = (agentId: string, token: string) => lifecycle(pauseRoute, "pause", agentId, token);
const resume = (agentId: string, token: string) => lifecycle(resumeRoute, "resume", agentId, token);
const terminate = (agentId: string, token: string) => lifecycle(terminateRoute, "terminate", agentId, token);
const approve = (approvalId: string, token: string) =>
  callRoute(approveRoute.POST, "POST", `/api/approvals/${approvalId}/approve`, { token, params: { id: approvalId }, body: {} });
const reject = (approvalId: string, token: string) =>
  callRoute(rejectRoute.POST, "POST", `/api/approvals/${approvalId}/reject`, { token, params: { id: approvalId }, body: {} });
const statusOf = async (agentId: string) => (await db.agent.findUniqueOrThrow({ where: { id: agentId } })).status;
const wakeStatuses = async (agentId: string) =>
  (await db.agentWakeupRequest.findMany({ where: { agentId }, select: { status: true } })).map((wake) => wake.status);
const activity = (entityId: string, action: string) => db.activityLog.count({ where: { entityId, action } });
const patchAgent = (agentId: string, token: string, body: Record<string, unknown>) =>
  callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${agentId}`, { token, params: { id: agentId }, body });
const invoke = (agentId: string, token: string) =>
  callRoute(invokeRoute.POST, "POST", `/api/agents/${agentId}/heartbeat/invoke`, { token, params: { id: agentId } });

/** The scheduler's next claim for this agent; claims for agents other tests left waiting are taken and set aside. */
async function claimFor(agentId: string) {
  for (;;) {
    const claimed = await claimNextRun();
    if (!claimed || claimed.agent.id === agentId) return claimed;
  }
}

/** Sessions of this test database waiting for a lock another holds: how a test knows a request has reached its wait. */
const waitingOnLocks = async () =>
  Number(
    (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0].n,
  );

/** A transaction held open between `hold` and `release`, to stand in for a concurrent writer at a chosen point. */
function gate() {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reachedHold = new Promise<void>((resolve) => (reached = resolve));
  return { release, reached: reachedHold, hold: () => (reached(), released) };
}

describe("POST /api/companies/:companyId/agent-hires", () => {
  it("with board approval required: the agent starts pending_approval with a hire_agent approval linked to its source issue", async () => {
    const { company, owner } = await world({ requireApproval: true });
    const ceo = await agentWithRun(company.id, "CEO");
    await db.agent.update({ where: { id: ceo.agent.id }, data: { permissions: { canCreateAgents: true } } });
    const source = (await createIssue(company.id, owner.token, { title: "We need a tester" })).json;

    const hired = await hire(
      company.id,
      ceo.token,
      {
        name: "Tester",
        role: "qa",
        title: "QA lead",
        reportsTo: ceo.agent.id,
        sourceIssueId: source.id,
        desiredSkills: ["switchboard"],
        instructionsBundle: { files: { "AGENTS.md": "Test everything.\n" } },
      },
      ceo.headers,
    );
    expect(hired.status).toBe(201);
    expect(Object.keys(hired.json).sort()).toEqual(["agent", "approval"]);
    expect(hired.json.agent).toMatchObject({ name: "Tester", role: "qa", status: "pending_approval", reportsTo: ceo.agent.id });
    expect(hired.json.approval).toMatchObject({ type: "hire_agent", status: "pending", requestedByAgentId: ceo.agent.id, requestedByUserId: null });
    expect(hired.json.approval.payload).toMatchObject({
      agentId: hired.json.agent.id,
      name: "Tester",
      role: "qa",
      title: "QA lead",
      sourceIssueIds: [source.id],
      desiredSkills: ["switchboard"],
      instructionFiles: ["AGENTS.md"],
    });
    expect(await db.issueApproval.findMany({ where: { approvalId: hired.json.approval.id }, select: { issueId: true } })).toEqual([{ issueId: source.id }]);
    expect(await activity(hired.json.agent.id, "agent.hire_created")).toBe(1);

    // A pending agent's key does not authenticate, and the agent gets no runs.
    const token = await keyFor(hired.json.agent);
    expect((await me(token)).status).toBe(401);
  });

  it("without approval required: the agent starts idle and approval is null", async () => {
    const { company, operator } = await world();
    const hired = await hire(company.id, operator.token, { name: "Helper" });
    expect(hired.status).toBe(201);
    expect(hired.json.agent.status).toBe("idle");
    expect(hired.json.approval).toBeNull();
    expect(await db.approval.count({ where: { companyId: company.id } })).toBe(0);
  });

  it("approve → the agent is idle, its key works and the issue assigned while it waited starts a run", async () => {
    const { company, owner } = await world({ requireApproval: true });
    const { adapterConfig, wakes } = processAdapter();
    const hired = (await hire(company.id, owner.token, { name: "Builder", adapterType: "process", adapterConfig })).json;
    const token = await keyFor(hired.agent);
    const issue = (await createIssue(company.id, owner.token, { title: "Build it", assigneeAgentId: hired.agent.id })).json;
    expect(await drainOnce()).toEqual([]);

    const approved = await approve(hired.approval.id, owner.token);
    expect([approved.status, approved.json.status]).toEqual([200, "approved"]);
    expect(await statusOf(hired.agent.id)).toBe("idle");
    expect((await me(token)).status).toBe(200);
    expect(await activity(hired.agent.id, "agent.hire_approved")).toBe(1);

    expect((await drainOnce({ apiUrl: "http://127.0.0.1:9" })).map((result) => result.status)).toEqual(["succeeded"]);
    expect(wakes()).toEqual([
      expect.objectContaining({ PAPERCLIP_WAKE_REASON: "issue_assigned", PAPERCLIP_TASK_ID: issue.id, PAPERCLIP_AGENT_ID: hired.agent.id }),
    ]);

    // Approving again answers the same decision and sets nothing in motion a second time.
    const again = await approve(hired.approval.id, owner.token);
    expect([again.status, again.json.status]).toEqual([200, "approved"]);
    expect(await activity(hired.agent.id, "agent.hire_approved")).toBe(1);
    expect(await db.agentWakeupRequest.count({ where: { agentId: hired.agent.id } })).toBe(1);
  });

  it("approve wakes the new agent for issues already assigned to it (in todo), and an assignment afterwards starts a run too", async () => {
    const { company, owner } = await world({ requireApproval: true });
    const { adapterConfig, wakes } = processAdapter();
    const hired = (await hire(company.id, owner.token, { name: "Late", adapterType: "process", adapterConfig })).json;
    const early = (await createIssue(company.id, owner.token, { title: "Early", assigneeAgentId: hired.agent.id })).json;
    // Its wake from the assignment is lost (say, cancelled by hand); approval must still start the work.
    await db.agentWakeupRequest.updateMany({ where: { agentId: hired.agent.id }, data: { status: "cancelled" } });
    await approve(hired.approval.id, owner.token);
    await drainOnce();
    expect(wakes().map((wake) => wake.PAPERCLIP_TASK_ID)).toEqual([early.id]);

    const later = (await createIssue(company.id, owner.token, { title: "Later", assigneeAgentId: hired.agent.id })).json;
    await drainOnce();
    expect(wakes().map((wake) => wake.PAPERCLIP_TASK_ID)).toEqual([early.id, later.id]);
  });

  it("reject → the agent is terminated and cannot be resumed", async () => {
    const { company, owner, operator } = await world({ requireApproval: true });
    const hired = (await hire(company.id, operator.token, { name: "Maybe" })).json;
    expect(hired.approval.requestedByUserId).toBe(operator.user.id);
    const rejected = await reject(hired.approval.id, owner.token);
    expect([rejected.status, rejected.json.status]).toEqual([200, "rejected"]);
    expect(await statusOf(hired.agent.id)).toBe("terminated");
    expect(await activity(hired.agent.id, "agent.hire_rejected")).toBe(1);
    const refused = await resume(hired.agent.id, owner.token);
    expect([refused.status, refused.json.code]).toEqual([409, "agent_terminated"]);
  });

  it("approve and reject racing: one decision stands and the agent's status follows it", async () => {
    const { company, owner, operator } = await world({ requireApproval: true });
    for (let round = 0; round < 3; round += 1) {
      const hired = (await hire(company.id, owner.token, { name: `Contested ${round}` })).json;
      const [approved, rejected] = await Promise.all([approve(hired.approval.id, owner.token), reject(hired.approval.id, operator.token)]);
      const winner = (await db.approval.findUniqueOrThrow({ where: { id: hired.approval.id } })).status;
      expect([approved.status, rejected.status].sort()).toEqual([200, 422]);
      expect(await statusOf(hired.agent.id)).toBe(winner === "approved" ? "idle" : "terminated");
    }
  });

  it("403 for viewers and for agents without canCreateAgents; 404 in another company; 422 for another company's source issue", async () => {
    const { company, owner, viewer } = await world({ requireApproval: true });
    const plain = await agentWithRun(company.id, "Plain");
    const byViewer = await hire(company.id, viewer.token, { name: "Nope" });
    expect([byViewer.status, byViewer.json.code]).toEqual([403, "insufficient_role"]);
    const byAgent = await hire(company.id, plain.token, { name: "Nope" }, plain.headers);
    expect([byAgent.status, byAgent.json.code]).toEqual([403, "agent_permission_required"]);

    const other = await world();
    const outsider = await hire(company.id, other.owner.token, { name: "Nope" });
    expect(outsider.status).toBe(404);
    const foreignIssue = (await createIssue(other.company.id, other.owner.token, { title: "Theirs" })).json;
    const foreign = await hire(company.id, owner.token, { name: "Nope", sourceIssueIds: [foreignIssue.id] });
    expect([foreign.status, foreign.json.code]).toEqual([422, "invalid_reference"]);
    expect(foreign.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["sourceIssueIds"]);
    expect(await db.agent.count({ where: { companyId: company.id, name: "Nope" } })).toBe(0);
  });

  it("agents with canCreateAgents still may not choose adapter settings when hiring (owners only)", async () => {
    const { company } = await world();
    const ceo = await agentWithRun(company.id, "CEO");
    await db.agent.update({ where: { id: ceo.agent.id }, data: { permissions: { canCreateAgents: true } } });
    const refused = await hire(company.id, ceo.token, { name: "Shell", adapterType: "process", adapterConfig: { command: "/bin/sh" } }, ceo.headers);
    expect([refused.status, refused.json.code]).toEqual([403, "board_required"]);
  });
});

describe("POST /api/companies/:companyId/agents with board approval required", () => {
  it("409 hire_approval_required for agents, who must hire through agent-hires; board users still create directly", async () => {
    const { company, operator } = await world({ requireApproval: true });
    const ceo = await agentWithRun(company.id, "CEO");
    await db.agent.update({ where: { id: ceo.agent.id }, data: { permissions: { canCreateAgents: true } } });
    const create = (token: string, headers: Record<string, string> = {}) =>
      callRoute(agentsRoute.POST, "POST", "/a", { token, params: { companyId: company.id }, body: { name: "Direct" }, headers });
    const byAgent = await create(ceo.token, ceo.headers);
    expect([byAgent.status, byAgent.json.code]).toEqual([409, "hire_approval_required"]);
    const byBoard = await create(operator.token);
    expect([byBoard.status, byBoard.json.status]).toEqual([201, "idle"]);
  });
});

describe("POST /api/agents/:id/pause, /resume, /terminate", () => {
  async function runnable() {
    const w = await world();
    const adapter = processAdapter();
    const agent = await seedAgent(w.company.id, { name: "Worker" });
    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig: adapter.adapterConfig } });
    return { ...w, ...adapter, agent };
  }

  it("pause keeps a new wake pending with no run; resume delivers it", async () => {
    const { company, operator, agent, wakes } = await runnable();
    const paused = await pause(agent.agent.id, operator.token);
    expect([paused.status, paused.json.status]).toEqual([200, "paused"]);
    expect(await activity(agent.agent.id, "agent.paused")).toBe(1);
    const issue = (await createIssue(company.id, operator.token, { title: "Waits", assigneeAgentId: agent.agent.id })).json;
    expect(await drainOnce()).toEqual([]);
    expect(await wakeStatuses(agent.agent.id)).toEqual(["pending"]);
    // The agent's own key still works while paused: pausing stops runs, not the agent's access.
    expect((await me(agent.token)).status).toBe(200);

    const resumed = await resume(agent.agent.id, operator.token);
    expect([resumed.status, resumed.json.status]).toEqual([200, "idle"]);
    expect((await drainOnce()).map((result) => result.status)).toEqual(["succeeded"]);
    expect(wakes()).toEqual([expect.objectContaining({ PAPERCLIP_TASK_ID: issue.id })]);
    expect(await wakeStatuses(agent.agent.id)).toEqual(["delivered"]);
    // Resuming an agent that is already idle changes nothing and records nothing.
    expect((await resume(agent.agent.id, operator.token)).json.status).toBe("idle");
    expect(await activity(agent.agent.id, "agent.resumed")).toBe(1);
  });

  it("resuming an agent paused by its budget is allowed while it is still over budget", async () => {
    const { operator, agent } = await runnable();
    await db.agent.update({ where: { id: agent.agent.id }, data: { status: "paused", budgetMonthlyCents: 100, spentMonthlyCents: 150 } });
    const resumed = await resume(agent.agent.id, operator.token);
    expect([resumed.status, resumed.json.status]).toEqual([200, "idle"]);
  });

  it("terminate: the key stops authenticating, keys are revoked, pending wakes are cancelled, and it is final", async () => {
    const { company, owner, operator, agent } = await runnable();
    await pause(agent.agent.id, operator.token);
    await createIssue(company.id, operator.token, { title: "Never", assigneeAgentId: agent.agent.id });
    expect(await wakeStatuses(agent.agent.id)).toEqual(["pending"]);

    const byOperator = await terminate(agent.agent.id, operator.token);
    expect([byOperator.status, byOperator.json.code]).toEqual([403, "insufficient_role"]);
    const terminated = await terminate(agent.agent.id, owner.token);
    expect([terminated.status, terminated.json.status]).toEqual([200, "terminated"]);
    expect((await me(agent.token)).status).toBe(401);
    expect(await wakeStatuses(agent.agent.id)).toEqual(["cancelled"]);
    expect(await db.agentApiKey.count({ where: { agentId: agent.agent.id, revokedAt: null } })).toBe(0);

    for (const [verb, call] of [
      ["resume", resume],
      ["pause", pause],
    ] as const) {
      const refused = await call(agent.agent.id, owner.token);
      expect([verb, refused.status, refused.json.code]).toEqual([verb, 409, "agent_terminated"]);
    }
    const patched = await callRoute(agentRoute.PATCH, "PATCH", "/p", { token: owner.token, params: { id: agent.agent.id }, body: { status: "idle" } });
    expect([patched.status, patched.json.code]).toEqual([409, "agent_terminated"]);
    expect((await terminate(agent.agent.id, owner.token)).status).toBe(200);
    expect(await activity(agent.agent.id, "agent.terminated")).toBe(1);
  });

  it("terminate cancels the run going: its process group is stopped", async () => {
    const w = await world();
    const { dir, adapterConfig } = processAdapter({ AGENT_MODE: "linger" });
    const agent = await seedAgent(w.company.id, { name: "Lingerer" });
    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig } });
    await createIssue(w.company.id, w.owner.token, { title: "Long", assigneeAgentId: agent.agent.id });
    const claimed = (await claimNextRun())!;
    const finished = executeRun(claimed);
    await expect.poll(() => existsSync(path.join(dir, "pids.json")), { timeout: 10_000 }).toBe(true);
    expect((await terminate(agent.agent.id, w.owner.token)).status).toBe(200);
    expect((await finished).status).toBe("cancelled");
    expect(await activity(agent.agent.id, "heartbeat_run.cancel_requested")).toBe(1);
  });

  it("409 agent_pending_approval for pausing or resuming a pending hire; terminating it cancels its approval", async () => {
    const { company, owner } = await world({ requireApproval: true });
    const hired = (await hire(company.id, owner.token, { name: "Pending" })).json;
    for (const call of [pause, resume]) {
      const refused = await call(hired.agent.id, owner.token);
      expect([refused.status, refused.json.code]).toEqual([409, "agent_pending_approval"]);
    }
    expect((await terminate(hired.agent.id, owner.token)).json.status).toBe("terminated");
    expect((await db.approval.findUniqueOrThrow({ where: { id: hired.approval.id } })).status).toBe("cancelled");
    const late = await approve(hired.approval.id, owner.token);
    expect([late.status, late.json.code]).toEqual([422, "approval_not_pending"]);
  });

  it("403 for viewers and agents (even on themselves), 404 across companies", async () => {
    const { viewer, agent } = await runnable();
    const byViewer = await pause(agent.agent.id, viewer.token);
    expect([byViewer.status, byViewer.json.code]).toEqual([403, "insufficient_role"]);
    expect((await pause(agent.agent.id, agent.token)).status).toBe(403);
    const other = await world();
    for (const call of [pause, resume, terminate]) expect((await call(agent.agent.id, other.owner.token)).status).toBe(404);
    expect(await statusOf(agent.agent.id)).toBe("idle");
  });

  it("a claim while a pause is being written starts no run, and none starts after the pause commits", async () => {
    const { company, operator, agent } = await runnable();
    await createIssue(company.id, operator.token, { title: "Raced", assigneeAgentId: agent.agent.id });
    const pausing = gate();
    const paused = db.$transaction(
      async (tx) => {
        await setAgentStatus(tx, null, null, agent.agent, "paused", "pause");
        await pausing.hold();
      },
      { timeout: 20_000 },
    );
    await pausing.reached;
    try {
      // The claim reads the agent as idle (the pause is not committed), but the pause holds the agent's lock.
      expect(await claimFor(agent.agent.id)).toBeNull();
    } finally {
      pausing.release();
    }
    await paused;
    expect(await claimFor(agent.agent.id)).toBeNull();
    expect(await db.heartbeatRun.count({ where: { agentId: agent.agent.id } })).toBe(0);
    expect(await wakeStatuses(agent.agent.id)).toEqual(["pending"]);
  });

  it("terminate while a hire decision holds its approval: both finish (the approval is locked before the agent, as deciding does)", async () => {
    const { company, owner } = await world({ requireApproval: true });
    const hired = (await hire(company.id, owner.token, { name: "Decided" })).json;
    const deciding = gate();
    const decided = db.$transaction(
      async (tx) => {
        // What decideApproval does, in its order: the approval row first, then the agent through setAgentStatus.
        await tx.$queryRaw`SELECT id FROM approvals WHERE id = ${hired.approval.id}::uuid FOR UPDATE`;
        await deciding.hold();
        await setAgentStatus(tx, null, null, await tx.agent.findUniqueOrThrow({ where: { id: hired.agent.id } }), "idle", "hire_approved");
      },
      { timeout: 20_000 },
    );
    await deciding.reached;
    const terminated = terminate(hired.agent.id, owner.token);
    await expect.poll(waitingOnLocks, { timeout: 10_000 }).toBeGreaterThan(0);
    deciding.release();
    await decided;
    const answer = await terminated;
    expect([answer.status, answer.json.status]).toEqual([200, "terminated"]);
    expect((await db.approval.findUniqueOrThrow({ where: { id: hired.approval.id } })).status).toBe("cancelled");
  });

  it("a run finishing while a pause holds the agent: both finish (the agent is locked before its run, as pausing does)", async () => {
    const { company, operator, agent } = await runnable();
    await createIssue(company.id, operator.token, { title: "Quick", assigneeAgentId: agent.agent.id });
    const claimed = (await claimFor(agent.agent.id))!;
    const pausing = gate();
    const paused = db.$transaction(
      async (tx) => {
        // The locks setAgentStatus takes, in its order, with the run's finish arriving between the agent and its runs.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${agent.agent.id}))`;
        await tx.$queryRaw`SELECT id FROM agents WHERE id = ${agent.agent.id}::uuid FOR UPDATE`;
        await pausing.hold();
        await tx.heartbeatRun.updateMany({ where: { agentId: agent.agent.id, status: "running" }, data: { cancelRequestedAt: new Date() } });
      },
      { timeout: 30_000 },
    );
    await pausing.reached;
    const finished = executeRun(claimed, "http://127.0.0.1:9");
    await expect.poll(waitingOnLocks, { timeout: 20_000 }).toBeGreaterThan(0);
    pausing.release();
    await paused;
    expect((await finished).status).toBe("succeeded");
    expect(await db.heartbeatRun.findUniqueOrThrow({ where: { id: claimed.run.id } })).toMatchObject({ status: "succeeded" });
  });
});

describe("PATCH /api/agents/:id {status}", () => {
  it("terminated needs a company owner (403 for operators) and does what terminate does: the open hire approval is cancelled", async () => {
    const { company, owner, operator } = await world({ requireApproval: true });
    const hired = (await hire(company.id, operator.token, { name: "Patched" })).json;
    const byOperator = await patchAgent(hired.agent.id, operator.token, { status: "terminated" });
    expect([byOperator.status, byOperator.json.code]).toEqual([403, "insufficient_role"]);
    expect(await statusOf(hired.agent.id)).toBe("pending_approval");

    const byOwner = await patchAgent(hired.agent.id, owner.token, { status: "terminated" });
    expect([byOwner.status, byOwner.json.status]).toEqual([200, "terminated"]);
    expect((await db.approval.findUniqueOrThrow({ where: { id: hired.approval.id } })).status).toBe("cancelled");
    expect(await activity(hired.approval.id, "approval.cancelled")).toBe(1);
  });

  it("terminated ends the queued run heartbeat/invoke returned, with its wake; paused by an operator keeps it queued", async () => {
    const { company, owner, operator } = await world();
    const agent = await seedAgent(company.id, { name: "Queued" });
    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig: processAdapter().adapterConfig } });
    const invoked = (await invoke(agent.agent.id, operator.token)).json;
    expect(invoked.status).toBe("queued");

    expect((await patchAgent(agent.agent.id, operator.token, { status: "paused" })).json.status).toBe("paused");
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: invoked.id } })).status).toBe("queued");
    const terminated = await patchAgent(agent.agent.id, owner.token, { status: "terminated" });
    expect([terminated.status, terminated.json.status]).toEqual([200, "terminated"]);
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: invoked.id } })).status).toBe("cancelled");
    expect(await wakeStatuses(agent.agent.id)).toEqual(["cancelled"]);
    expect(await db.agentApiKey.count({ where: { agentId: agent.agent.id, revokedAt: null } })).toBe(0);
  });

  it("an adapter edit cannot leave an agent with a queued run and nothing to deliver to (422), so the run is never stranded", async () => {
    const { company, owner } = await world();
    const agent = await seedAgent(company.id, { name: "Delivers" });
    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig: processAdapter().adapterConfig } });
    const invoked = (await invoke(agent.agent.id, owner.token)).json;
    for (const body of [{ replaceAdapterConfig: true, adapterConfig: {} }, { adapterType: "http" }, { adapterConfig: { command: "" } }]) {
      const refused = await patchAgent(agent.agent.id, owner.token, body);
      expect([JSON.stringify(body), refused.status, refused.json.code]).toEqual([JSON.stringify(body), 422, "invalid_adapter_config"]);
    }
    expect((await claimFor(agent.agent.id))?.run.id).toBe(invoked.id);
  });
});

describe("GET /api/companies/:companyId/org", () => {
  it("nests reports under managers with status and current task, leaving terminated agents out", async () => {
    const { company, owner, viewer } = await world();
    const ceo = await agentWithRun(company.id, "Ceo");
    const cto = await agentWithRun(company.id, "Cto");
    const dev = await agentWithRun(company.id, "Dev");
    const gone = await agentWithRun(company.id, "Gone");
    await db.agent.update({ where: { id: cto.agent.id }, data: { reportsTo: ceo.agent.id } });
    await db.agent.update({ where: { id: dev.agent.id }, data: { reportsTo: gone.agent.id } });
    await db.agent.update({ where: { id: gone.agent.id }, data: { reportsTo: ceo.agent.id, status: "terminated" } });
    const task = (await createIssue(company.id, owner.token, { title: "Ship", assigneeAgentId: cto.agent.id })).json;
    expect((await checkout(task.id, cto)).status).toBe(200);

    const org = await callRoute(orgRoute.GET, "GET", "/o", { token: viewer.token, params: { companyId: company.id } });
    expect(org.status).toBe(200);
    const shape = (nodes: { name: string; status: string; currentTask: { identifier: string } | null; reports: unknown[] }[]): unknown =>
      nodes.map((node) => [node.name, node.status, node.currentTask?.identifier ?? null, shape(node.reports as never)]);
    // Dev's manager is terminated, so Dev is a root of its own.
    expect(shape(org.json)).toEqual([
      ["Ceo", "idle", null, [["Cto", "idle", task.identifier, []]]],
      ["Dev", "idle", null, []],
    ]);
    expect(Object.keys(org.json[0]).sort()).toEqual(["currentTask", "icon", "id", "name", "reports", "role", "status", "title", "urlKey"]);
    expect(Object.keys(org.json[0].reports[0].currentTask).sort()).toEqual(["id", "identifier", "status", "title"]);

    const other = await world();
    expect((await callRoute(orgRoute.GET, "GET", "/o", { token: other.owner.token, params: { companyId: company.id } })).status).toBe(404);
  });

  it("a viewer of two companies gets only the asked company's agents, in the chart and the agent list", async () => {
    const first = await seedCompany();
    const second = await seedCompany();
    const viewer = await seedUser({ memberships: { [first.id]: "viewer", [second.id]: "viewer" } });
    const mine = await seedAgent(first.id, { name: "First's" });
    await seedAgent(second.id, { name: "Second's" });
    const org = await callRoute(orgRoute.GET, "GET", "/o", { token: viewer.token, params: { companyId: first.id } });
    expect(org.json.map((node: { id: string }) => node.id)).toEqual([mine.agent.id]);
    const listed = await callRoute(agentsRoute.GET, "GET", "/a", { token: viewer.token, params: { companyId: first.id } });
    expect(listed.json.map((agent: { id: string }) => agent.id)).toEqual([mine.agent.id]);
  });
});

describe("DELETE /api/agents/:id — concurrent deletes", () => {
  it("one delete wins with 200 and the others answer 404, never 500", async () => {
    const { company, owner } = await world();
    const { agent } = await seedAgent(company.id, { name: "Twice Deleted" });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => callRoute(agentRoute.DELETE, "DELETE", `/api/agents/${agent.id}`, { token: owner.token, params: { id: agent.id } })),
    );
    expect(results.map((result) => result.status).sort(), JSON.stringify(results.map((result) => result.json))).toEqual([200, 404, 404, 404]);
    expect(await db.agent.count({ where: { id: agent.id } })).toBe(0);
  });
});
