// Execution environments and workspace consistency, with real parts: real git worktrees, real scheduler runs of a
// real agent process, real cleanup and teardown commands. Environment resolution, reuse conflicts and their
// resolution, finalize-before-continue for wakes and acceptances, and the retention sweeper.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as companyEnvironmentsRoute from "@/app/api/companies/[companyId]/environments/route";
import * as environmentRoute from "@/app/api/environments/[id]/route";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as resolveConflictRoute from "@/app/api/issues/[id]/workspace-conflict/resolve/route";
import * as runRoute from "@/app/api/heartbeat-runs/[runId]/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import { db } from "@/lib/db/client";
import { defaultEnvironment } from "@/lib/environments/environments";
import { resolveRunEnvironment } from "@/lib/environments/resolve";
import { claimNextRun, executeRun } from "@/lib/heartbeats/scheduler";
import { releaseSupervisor, stopAllServices } from "@/lib/runtime/supervisor";
import { waitFor } from "./support/wait";
import { applyHeldAction } from "@/lib/held-actions/apply";
import { recoverAbandoned } from "@/lib/held-actions/recover";
import { settleHeldActions } from "@/lib/held-actions/settle";
import { sweepRetention } from "@/lib/workspaces/retention";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, checkout, comment, createIssue, getIssue, patchIssue, type AgentHandle } from "./support/issues";
import { createInteraction, resolve } from "./support/plans";
import { commandAction, getWorkspace, gitIn, gitRepo, isolatedProject, patchWorkspace, runtimeWith, serviceAction } from "./support/workspaces";

let company: Awaited<ReturnType<typeof seedCompany>>;
let owner: Awaited<ReturnType<typeof seedUser>>;
let operator: Awaited<ReturnType<typeof seedUser>>;
let repo: string;

beforeAll(async () => {
  company = await seedCompany();
  owner = await seedUser({ memberships: { [company.id]: "owner" } });
  operator = await seedUser({ memberships: { [company.id]: "operator" } });
  repo = gitRepo();
});

afterAll(() => releaseSupervisor());

const listEnvironments = (token: string, companyId = company.id, query = "") =>
  callRoute(companyEnvironmentsRoute.GET, "GET", `/api/companies/${companyId}/environments${query}`, { token, params: { companyId } });
const createEnvironment = (token: string, body: Record<string, unknown>, companyId = company.id) =>
  callRoute(companyEnvironmentsRoute.POST, "POST", `/api/companies/${companyId}/environments`, { token, params: { companyId }, body });
const environmentCall = (method: "GET" | "PATCH" | "DELETE", id: string, token: string, body?: Record<string, unknown>) =>
  callRoute(environmentRoute[method], method, `/api/environments/${id}`, { token, params: { id }, body });
const resolveConflict = (issueId: string, token: string, body: Record<string, unknown>) =>
  callRoute(resolveConflictRoute.POST, "POST", `/api/issues/${issueId}/workspace-conflict/resolve`, { token, params: { id: issueId }, body });
const patchProject = (id: string, token: string, body: Record<string, unknown>) =>
  callRoute(projectRoute.PATCH, "PATCH", `/api/projects/${id}`, { token, params: { id }, body });

async function environment(name: string, extra: Record<string, unknown> = {}) {
  const created = await createEnvironment(owner.token, { name, driver: "local", ...extra });
  expect(created.status).toBe(201);
  return created.json as { id: string; name: string };
}

/** An agent the scheduler runs as a real process that records the environment it was given. */
async function processAgent(name: string) {
  const handle = await agentWithRun(company.id, name);
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-env-agent-"));
  const out = path.join(dir, "wakes.jsonl");
  await db.agent.update({
    where: { id: handle.agent.id },
    data: {
      adapterType: "process",
      adapterConfig: {
        command: process.execPath,
        args: [path.join(import.meta.dirname, "fixtures", "agent-process.mjs")],
        cwd: dir,
        timeoutSec: 30,
        env: { AGENT_OUT: out },
      },
    },
  });
  const wakes = () =>
    existsSync(out)
      ? readFileSync(out, "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line))
      : [];
  return { ...handle, wakes };
}

/** Runs the one pending wake the test queued, as the scheduler would. */
async function runPendingWake(agentId: string) {
  const claimed = await claimNextRun();
  expect(claimed?.agent.id).toBe(agentId);
  await executeRun(claimed!);
  return db.heartbeatRun.findUniqueOrThrow({ where: { id: claimed!.run.id } });
}

describe("environments API", () => {
  it("lists the instance default first, lets only owners write, names each bad field, and refuses to delete what is in use", async () => {
    const listed = await listEnvironments(operator.token);
    expect(listed.status).toBe(200);
    expect(listed.json[0]).toMatchObject({ name: "Local (instance default)", driver: "local", isDefault: true, status: "active" });

    const bad = await createEnvironment(owner.token, {
      name: "",
      driver: "ssh",
      config: { allowedRoot: "relative", pathPrefix: "bin" },
      envVars: { "1BAD": "x", PAPERCLIP_API_KEY: "y" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(
      ["body.config.allowedRoot", "body.config.pathPrefix", "body.driver", "body.envVars.1BAD", "body.envVars.PAPERCLIP_API_KEY", "body.name"].sort(),
    );
    expect((await createEnvironment(operator.token, { name: "Nope", driver: "local" })).status).toBe(403);

    const staging = await createEnvironment(owner.token, {
      name: "Staging",
      driver: "local",
      config: { allowedRoot: "/tmp", pathPrefix: "/opt/staging/bin" },
      envVars: { SB_STAGE: "staging", SB_PLAIN: { type: "plain", value: "yes" } },
    });
    expect(staging.status).toBe(201);
    expect(staging.json).toMatchObject({
      driver: "local",
      isDefault: false,
      config: { allowedRoot: "/tmp", pathPrefix: "/opt/staging/bin" },
      envVars: { SB_STAGE: "staging", SB_PLAIN: "yes" },
    });
    expect((await createEnvironment(owner.token, { name: "Staging", driver: "local" })).status).toBe(409);
    // The default's name stays the default's, so the default can always be made.
    expect((await createEnvironment(owner.token, { name: "Local (instance default)", driver: "local" })).json.code).toBe("environment_name_taken");

    // Another company's board sees nothing of it, and can't point its agents at it.
    // An instance admin naming a company that doesn't exist gets a 404, not a failed insert of its default.
    const admin = await seedUser({ admin: true });
    expect((await listEnvironments(admin.token, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    expect((await environmentCall("GET", staging.json.id, outsider.token)).status).toBe(404);
    const foreignAgent = await agentWithRun(other.id, "Foreign");
    const pointed = await callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${foreignAgent.agent.id}`, {
      token: outsider.token,
      params: { id: foreignAgent.agent.id },
      body: { defaultEnvironmentId: staging.json.id },
    });
    expect(pointed.status).toBe(422);
    expect(pointed.json.invalid_params[0].name).toBe("defaultEnvironmentId");
    // Agents never choose an environment, for an issue or for themselves.
    const picky = await agentWithRun(company.id, "Picky");
    const own = (await createIssue(company.id, operator.token, { title: "Mine", assigneeAgentId: picky.agent.id })).json;
    expect((await patchIssue(own.id, picky.token, { executionWorkspaceSettings: { environmentId: staging.json.id } }, picky.headers)).status).toBe(403);
    expect(
      (
        await callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${picky.agent.id}`, {
          token: picky.token,
          params: { id: picky.agent.id },
          body: { defaultEnvironmentId: staging.json.id },
          headers: picky.headers,
        })
      ).status,
    ).toBe(403);

    const user = await agentWithRun(company.id, "User");
    const set = await callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${user.agent.id}`, {
      token: owner.token,
      params: { id: user.agent.id },
      body: { defaultEnvironmentId: staging.json.id },
    });
    expect(set.status).toBe(200);
    expect(set.json.defaultEnvironmentId).toBe(staging.json.id);
    const inUse = await environmentCall("DELETE", staging.json.id, owner.token);
    expect(inUse.status).toBe(409);
    expect(inUse.json).toMatchObject({ code: "environment_in_use", details: { usage: { agents: 1, projects: 0, issues: 0, workspaces: 0 } } });
    expect((await environmentCall("GET", staging.json.id, operator.token)).json.usage.agents).toBe(1);

    // Archived environments can't be chosen; the default can be edited but not archived or deleted.
    expect((await environmentCall("PATCH", staging.json.id, owner.token, { status: "archived" })).json.status).toBe("archived");
    expect(
      (
        await callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${user.agent.id}`, {
          token: owner.token,
          params: { id: user.agent.id },
          body: { defaultEnvironmentId: staging.json.id },
        })
      ).status,
    ).toBe(422);
    expect((await listEnvironments(operator.token)).json.map((e: { name: string }) => e.name)).not.toContain("Staging");
    expect((await listEnvironments(operator.token, company.id, "?includeArchived=true")).json.map((e: { name: string }) => e.name)).toContain("Staging");
    const fallback = listed.json[0].id as string;
    expect((await environmentCall("PATCH", fallback, owner.token, { status: "archived" })).status).toBe(422);
    expect((await environmentCall("DELETE", fallback, owner.token)).json.code).toBe("environment_is_default");
    expect((await environmentCall("PATCH", fallback, owner.token, { envVars: { SB_EVERYWHERE: "1" } })).json.envVars).toEqual({ SB_EVERYWHERE: "1" });
    await environmentCall("PATCH", fallback, owner.token, { envVars: {} });
  });
});

describe("environment resolution", () => {
  it("goes issue → project policy → agent default → instance default, and a project policy never moves an agent pinned to local", async () => {
    const fallback = await defaultEnvironment(company.id);
    const [issueEnv, projectEnv, agentEnv] = [await environment("Issue env"), await environment("Project env"), await environment("Agent env")];
    const project = await db.project.create({ data: { companyId: company.id, name: "Resolution", urlKey: "resolution" } });
    const issue = (over: Record<string, unknown> = {}) => ({ companyId: company.id, projectId: project.id, executionWorkspaceSettings: null, ...over });
    const agent = (defaultEnvironmentId: string | null) => ({ companyId: company.id, defaultEnvironmentId });
    const pick = async (...args: Parameters<typeof resolveRunEnvironment>) => {
      const resolved = await resolveRunEnvironment(...args);
      return [resolved.environment.id, resolved.rule];
    };

    expect(await pick(issue(), agent(null))).toEqual([fallback.id, "instance_default"]);
    expect(await pick(issue(), agent(agentEnv.id))).toEqual([agentEnv.id, "agent_default"]);
    await db.project.update({ where: { id: project.id }, data: { executionWorkspacePolicy: { enabled: false, environmentId: projectEnv.id } } });
    expect(await pick(issue(), agent(agentEnv.id))).toEqual([projectEnv.id, "project_policy"]);
    expect(await pick(issue(), agent(null))).toEqual([projectEnv.id, "project_policy"]);
    expect(await pick(issue({ executionWorkspaceSettings: { environmentId: issueEnv.id } }), agent(agentEnv.id))).toEqual([issueEnv.id, "issue"]);
    // Pinned to the local default: the project policy does not move it, the issue does.
    expect(await pick(issue(), agent(fallback.id))).toEqual([fallback.id, "agent_pinned_local"]);
    expect(await pick(issue({ executionWorkspaceSettings: { environmentId: issueEnv.id } }), agent(fallback.id))).toEqual([issueEnv.id, "issue"]);
    // An archived environment is passed over, not run in.
    await db.environment.update({ where: { id: projectEnv.id }, data: { status: "archived" } });
    expect(await pick(issue(), agent(agentEnv.id))).toEqual([agentEnv.id, "agent_default"]);
  });

  it("records the resolved environment and its rule on a scheduler run, and the run's process gets its variables and PATH prefix", async () => {
    const env = await environment("Tooling", { envVars: { SB_TOOLING: "on" }, config: { pathPrefix: "/opt/tooling/bin" } });
    const runner = await processAgent("Tool user");
    await callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${runner.agent.id}`, {
      token: owner.token,
      params: { id: runner.agent.id },
      body: { defaultEnvironmentId: env.id },
    });
    const project = await db.project.create({ data: { companyId: company.id, name: "Plain", urlKey: "plain-env" } });
    await createIssue(company.id, operator.token, { title: "Use the tools", projectId: project.id, assigneeAgentId: runner.agent.id });
    const run = await runPendingWake(runner.agent.id);
    expect(run).toMatchObject({ status: "succeeded", environmentId: env.id, environmentRule: "agent_default", environmentConflict: null });
    const [wake] = runner.wakes();
    expect(wake.SB_TOOLING).toBe("on");
    expect(wake.PATH.startsWith("/opt/tooling/bin:")).toBe(true);
    const shown = await callRoute(runRoute.GET, "GET", `/api/heartbeat-runs/${run.id}`, { token: operator.token, params: { runId: run.id } });
    expect(shown.json).toMatchObject({ environmentId: env.id, environmentRule: "agent_default", environment: { id: env.id, name: "Tooling" } });
  });

  it("refuses to run outside the environment's allowed root", async () => {
    const fenced = await environment("Fenced", { config: { allowedRoot: "/nonexistent-root" } });
    const runner = await processAgent("Fenced runner");
    const { project } = await isolatedProject(company.id, owner.token, repo);
    await patchProject(project.id, owner.token, { executionWorkspacePolicy: { ...(project.executionWorkspacePolicy as object), environmentId: fenced.id } });
    await createIssue(company.id, operator.token, { title: "Fenced work", projectId: project.id, assigneeAgentId: runner.agent.id });
    const run = await runPendingWake(runner.agent.id);
    expect(run.status).toBe("failed");
    expect(run.error).toContain("outside the allowed root /nonexistent-root");
    expect(runner.wakes()).toEqual([]);
    // Provisioning refused too: the worktree was never made, and the record says why.
    const refused = await db.executionWorkspace.findFirstOrThrow({ where: { projectId: project.id } });
    expect(refused).toMatchObject({ status: "archived", cleanupReason: expect.stringContaining("outside the allowed root") });
    expect(existsSync(refused.cwd!)).toBe(false);
  });

  it("fences services and jobs too, following symlinks, so neither a relative cwd nor a link leads out of the allowed root", async () => {
    const fencedRepo = gitRepo();
    const outside = mkdtempSync(path.join(os.tmpdir(), "sb-outside-"));
    const fenced = await environment("Fenced services", { config: { allowedRoot: fencedRepo } });
    const job = (id: string, cwd?: string) => ({ id, name: id, kind: "job", command: "pwd", ...(cwd ? { cwd } : {}) });
    const runtime = {
      commands: [
        job("inside"),
        job("climbing", "../../../.."),
        job("linked", "escape"),
        { id: "web", name: "web", kind: "service", command: "sleep 30", cwd: "escape" },
      ],
    };
    const { project } = await isolatedProject(company.id, owner.token, fencedRepo, { runtimeConfig: { workspaceRuntime: runtime } });
    await patchProject(project.id, owner.token, { executionWorkspacePolicy: { ...(project.executionWorkspacePolicy as object), environmentId: fenced.id } });
    const agent = await agentWithRun(company.id, "Fenced operator");
    const issue = (await createIssue(company.id, operator.token, { title: "Fenced services", projectId: project.id, assigneeAgentId: agent.agent.id })).json;
    const workspaceId = (await checkout(issue.id, agent)).json.executionWorkspaceId as string;
    const workspace = await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect(workspace).toMatchObject({ status: "active", environmentId: fenced.id });
    symlinkSync(outside, path.join(workspace.cwd!, "escape"));

    const inside = await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "inside" });
    expect(inside.status).toBe(200);
    expect(inside.json.operation).toMatchObject({ status: "succeeded" });
    for (const id of ["climbing", "linked"]) {
      const refused = await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: id });
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({ code: "outside_allowed_root", detail: expect.stringContaining(`outside the allowed root ${fencedRepo}`) });
    }
    const service = await serviceAction(workspaceId, operator.token, "start", { workspaceCommandId: "web" });
    expect(service.status).toBe(422);
    expect(service.json.code).toBe("outside_allowed_root");
    expect(await db.workspaceRuntimeService.count({ where: { executionWorkspaceId: workspaceId } })).toBe(0);

    // A workspace cwd of `link/..`, where the link points deeper outside, leaves the root as a process would see it.
    mkdirSync(path.join(outside, "deeper"));
    symlinkSync(path.join(outside, "deeper"), path.join(workspace.cwd!, "deep-link"));
    expect((await patchWorkspace(workspaceId, owner.token, { cwd: `${workspace.cwd}/deep-link/..` })).status).toBe(200);
    const climbed = await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "inside" });
    expect(climbed.status).toBe(422);
    expect(climbed.json.code).toBe("outside_allowed_root");
  });
});

describe("workspace reuse conflicts", () => {
  /** An issue whose workspace was provisioned in the instance default, then the project moved to another environment. */
  async function conflicted(title: string) {
    const runner = await processAgent(`Runner ${title}`);
    const { project } = await isolatedProject(company.id, owner.token, repo);
    const created = (await createIssue(company.id, operator.token, { title, projectId: project.id, assigneeAgentId: runner.agent.id })).json;
    await db.agentWakeupRequest.deleteMany({ where: { agentId: runner.agent.id } });
    const checkedOut = await checkout(created.id, runner);
    const firstWorkspaceId = checkedOut.json.executionWorkspaceId as string;
    const fallback = await defaultEnvironment(company.id);
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: firstWorkspaceId } })).environmentId).toBe(fallback.id);
    const moved = await environment(`Moved ${title}`);
    expect(
      (await patchProject(project.id, owner.token, { executionWorkspacePolicy: { ...(project.executionWorkspacePolicy as object), environmentId: moved.id } }))
        .status,
    ).toBe(200);
    // The board comments: the assignee wakes, and its run finds the workspace in the wrong environment.
    await comment(created.id, operator.token, "Carry on please");
    const run = await runPendingWake(runner.agent.id);
    return { runner, project, issue: created, firstWorkspaceId, fallback, moved, run };
  }

  it("does not start the run in the workspace, records the conflict on the run, workspace and issue, and shows it in the thread", async () => {
    const { runner, issue, firstWorkspaceId, fallback, moved, run } = await conflicted("Conflicting");
    expect(run.status).toBe("failed");
    expect(run.error).toContain("Workspace environment conflict");
    expect(runner.wakes()).toEqual([]); // the agent's process never started
    const expected = {
      workspaceId: firstWorkspaceId,
      workspaceEnvironment: { id: fallback.id, name: fallback.name },
      intendedEnvironment: { id: moved.id, name: moved.name },
      rule: "project_policy",
      runId: run.id,
      issueId: issue.id,
    };
    expect(run).toMatchObject({ environmentId: moved.id, environmentRule: "project_policy", environmentConflict: expected });
    expect((await getWorkspace(firstWorkspaceId, operator.token)).json).toMatchObject({
      environmentConflict: expected,
      environment: { id: fallback.id },
      signals: expect.arrayContaining([expect.objectContaining({ code: "environment_conflict" })]),
    });
    const shown = await getIssue(issue.id, operator.token);
    expect(shown.json.workspaceConflict).toMatchObject(expected);
    const notes = await db.issueComment.findMany({ where: { issueId: issue.id, authorAgentId: null, authorUserId: null } });
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain(`provisioned for environment "${fallback.name}", but this run is meant for "${moved.name}" (project workspace policy)`);

    // The next wake hits the same conflict: recorded again on its run, but the thread is not told twice.
    await comment(issue.id, operator.token, "Still there?");
    const again = await runPendingWake(runner.agent.id);
    expect(again.environmentConflict).toMatchObject({ workspaceId: firstWorkspaceId, runId: again.id });
    expect(await db.issueComment.count({ where: { issueId: issue.id, authorAgentId: null, authorUserId: null } })).toBe(1);
  });

  it("resolves by moving the issue to a fresh workspace in the intended environment; only the board may, and only when there is a conflict", async () => {
    const { runner, issue, firstWorkspaceId, moved } = await conflicted("Fresh start");
    expect((await resolveConflict(issue.id, runner.token, { resolution: "fresh_workspace" })).status).toBe(403);
    const resolved = await resolveConflict(issue.id, operator.token, { resolution: "fresh_workspace" });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ workspaceConflict: null, executionWorkspaceId: null });
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: firstWorkspaceId } })).environmentConflict).toBeNull();
    expect((await resolveConflict(issue.id, operator.token, { resolution: "fresh_workspace" })).json.code).toBe("no_workspace_conflict");

    // The resolution woke the assignee; its run provisions a new worktree, in the intended environment, and works there.
    const run = await runPendingWake(runner.agent.id);
    expect(run.status).toBe("succeeded");
    const current = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(current.executionWorkspaceId).not.toBe(firstWorkspaceId);
    const fresh = await db.executionWorkspace.findUniqueOrThrow({ where: { id: current.executionWorkspaceId! } });
    expect(fresh).toMatchObject({ environmentId: moved.id, status: "active", branchName: `${issue.identifier}-workspace-2` });
    expect(runner.wakes()[0]).toMatchObject({ cwd: fresh.cwd, PAPERCLIP_WORKSPACE_ID: fresh.id, PAPERCLIP_WAKE_REASON: "workspace_conflict_resolved" });
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: firstWorkspaceId } })).status).toBe("active");
  });

  it("resolves by setting the issue's environment to the workspace's, after which runs work in the old workspace again", async () => {
    const { runner, issue, firstWorkspaceId, fallback } = await conflicted("Stay put");
    const resolved = await resolveConflict(issue.id, owner.token, { resolution: "set_issue_environment" });
    expect(resolved.json).toMatchObject({
      workspaceConflict: null,
      executionWorkspaceId: firstWorkspaceId,
      executionWorkspaceSettings: { environmentId: fallback.id },
    });
    const run = await runPendingWake(runner.agent.id);
    expect(run).toMatchObject({ status: "succeeded", environmentId: fallback.id, environmentRule: "issue", environmentConflict: null });
    expect(runner.wakes()[0].PAPERCLIP_WORKSPACE_ID).toBe(firstWorkspaceId);
  });
});

describe("finalize before continuing", () => {
  /** An agent's issue with a provisioned workspace whose teardown takes a while, moved out of in_progress so it can close. */
  async function slowClosingWorkspace(agent: AgentHandle, teardownCommand: string) {
    const { project } = await isolatedProject(company.id, owner.token, repo);
    const issue = (await createIssue(company.id, operator.token, { title: "Upstream", projectId: project.id, assigneeAgentId: agent.agent.id })).json;
    const workspaceId = (await checkout(issue.id, agent)).json.executionWorkspaceId as string;
    expect((await patchWorkspace(workspaceId, owner.token, { config: { teardownCommand } })).status).toBe(200);
    expect((await patchIssue(issue.id, agent.token, { status: "in_review" }, agent.headers)).status).toBe(200);
    const closing = patchWorkspace(workspaceId, owner.token, { status: "archived" });
    await waitFor(
      async () => (await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } })).finalizingPhase === "close",
      "the close to start",
    );
    return { project, issue, workspaceId, closing };
  }

  it("holds a dependant's blockers-resolved wake until the blocker's teardown finished, then delivers it exactly once", async () => {
    const upstreamAgent = await agentWithRun(company.id, "Upstream agent");
    const downstreamAgent = await agentWithRun(company.id, "Downstream agent");
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), "sb-teardown-")), "done");
    const { issue: blocker, workspaceId, closing } = await slowClosingWorkspace(upstreamAgent, `sleep 1.5; touch ${marker}`);
    const dependant = (
      await createIssue(company.id, operator.token, { title: "Downstream", blockedByIssueIds: [blocker.id], assigneeAgentId: downstreamAgent.agent.id })
    ).json;
    await db.agentWakeupRequest.deleteMany({ where: { agentId: downstreamAgent.agent.id } });
    const blockersResolved = () => db.agentWakeupRequest.findMany({ where: { agentId: downstreamAgent.agent.id, reason: "issue_blockers_resolved" } });

    expect((await patchIssue(blocker.id, operator.token, { status: "done" })).status).toBe(200);
    expect(await blockersResolved()).toHaveLength(0);
    const waiting = (await getIssue(dependant.id, operator.token)).json.heldActions;
    expect(waiting).toEqual([
      expect.objectContaining({ kind: "wake", status: "waiting", workspaces: [expect.objectContaining({ id: workspaceId, finalizingPhase: "close" })] }),
    ]);

    expect((await closing).json.status).toBe("archived");
    expect(existsSync(marker)).toBe(true);
    const delivered = await blockersResolved();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ issueId: dependant.id, status: "pending", payload: { resolvedBlockerId: blocker.id } });
    // The backstop sweep finds nothing left to deliver.
    expect(await settleHeldActions()).toBe(0);
    expect(await blockersResolved()).toHaveLength(1);
    expect((await getIssue(dependant.id, operator.token)).json.heldActions).toEqual([]);
  });

  it("answers 202 to an acceptance while the workspace finalizes and applies it afterwards; a failed finalize surfaces instead", async () => {
    const agent = await agentWithRun(company.id, "Asker");
    const { issue, closing } = await slowClosingWorkspace(agent, "sleep 1");
    const asked = (await createInteraction(issue.id, agent.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Ship it?" } }, agent.headers))
      .json;
    const accepted = await resolve("accept", issue.id, asked.id, operator.token);
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({
      status: "pending",
      reason: "workspace_finalizing",
      heldAction: { kind: "interaction_accept", interactionId: asked.id },
      interaction: { id: asked.id, status: "pending" },
    });
    // A repeated click while it waits is the same hold.
    expect((await resolve("accept", issue.id, asked.id, operator.token)).json.heldAction.id).toBe(accepted.json.heldAction.id);
    expect((await db.issueThreadInteraction.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("pending");
    expect((await closing).json.status).toBe("archived");
    expect(await db.issueThreadInteraction.findUniqueOrThrow({ where: { id: asked.id } })).toMatchObject({
      status: "accepted",
      resolvedByUserId: operator.user.id,
    });
    expect(await db.issueHeldAction.findMany({ where: { issueId: issue.id } })).toEqual([expect.objectContaining({ status: "applied" })]);

    // A teardown that fails leaves the acceptance unapplied and says so in the thread.
    const failing = await agentWithRun(company.id, "Failing asker");
    const second = await slowClosingWorkspace(failing, "sleep 1; exit 3");
    const question = (
      await createInteraction(second.issue.id, failing.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Now?" } }, failing.headers)
    ).json;
    expect((await resolve("accept", second.issue.id, question.id, operator.token)).status).toBe(202);
    expect((await second.closing).json.status).toBe("cleanup_failed");
    expect((await db.issueThreadInteraction.findUniqueOrThrow({ where: { id: question.id } })).status).toBe("pending");
    expect(await db.issueHeldAction.findFirstOrThrow({ where: { issueId: second.issue.id } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("code 3"),
    });
    const note = await db.issueComment.findFirstOrThrow({ where: { issueId: second.issue.id, authorUserId: null, authorAgentId: null } });
    expect(note.body).toContain("was not applied: the workspace did not settle");
    // Nothing finalizes now: accepting again applies at once.
    expect((await resolve("accept", second.issue.id, question.id, operator.token)).status).toBe(200);
  });
  it("holds a reviewer's stage approval while the workspace finalizes and applies it, as the reviewer, afterwards", async () => {
    const coder = await agentWithRun(company.id, "Coder");
    const qa = await agentWithRun(company.id, "QA");
    const { project } = await isolatedProject(company.id, owner.token, repo);
    const executionPolicy = { stages: [{ type: "review", participants: [{ type: "agent", agentId: qa.agent.id }] }] };
    const issue = (
      await createIssue(company.id, operator.token, { title: "Reviewed work", projectId: project.id, assigneeAgentId: coder.agent.id, executionPolicy })
    ).json;
    const workspaceId = (await checkout(issue.id, coder)).json.executionWorkspaceId as string;
    expect((await patchIssue(issue.id, coder.token, { status: "done", comment: "Ready for review" }, coder.headers)).json.status).toBe("in_review");
    await patchWorkspace(workspaceId, owner.token, { config: { teardownCommand: "sleep 1" } });
    const closing = patchWorkspace(workspaceId, owner.token, { status: "archived" });
    await waitFor(
      async () => (await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } })).finalizingPhase === "close",
      "the close to start",
    );

    const approval = await patchIssue(issue.id, qa.token, { status: "done", comment: "Looks right." }, qa.headers);
    expect(approval.status).toBe(202);
    expect(approval.json).toMatchObject({ reason: "workspace_finalizing", heldAction: { kind: "issue_update" }, issue: { status: "in_review" } });
    expect(await db.issueExecutionDecision.count({ where: { issueId: issue.id } })).toBe(0);
    // A second click while it waits is the same hold, not a second approval.
    expect((await patchIssue(issue.id, qa.token, { status: "done", comment: "Looks right." }, qa.headers)).json.heldAction.id).toBe(
      approval.json.heldAction.id,
    );
    await closing;
    expect((await getIssue(issue.id, operator.token)).json).toMatchObject({ status: "done", heldActions: [] });
    expect(await db.issueExecutionDecision.findMany({ where: { issueId: issue.id } })).toEqual([
      expect.objectContaining({ outcome: "approved", actorAgentId: qa.agent.id, body: "Looks right." }),
    ]);
  });

  it("renews a finalize's lease while it works; recovery leaves a live finalize alone and ends a lapsed one as interrupted, once", async () => {
    const agent = await agentWithRun(company.id, "Leased");
    const { workspaceId, closing } = await slowClosingWorkspace(agent, "sleep 6.5");
    const leaseOf = async () => (await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } })).finalizingLeaseExpiresAt!.getTime();
    const firstLease = await leaseOf();
    expect(firstLease).toBeGreaterThan(Date.now() + 10_000);
    await waitFor(async () => (await leaseOf()) > firstLease, "the lease to be renewed");
    // Another instance's recovery pass while this one works takes nothing over.
    expect((await recoverAbandoned()).finalizes).toBe(0);
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } })).finalizingPhase).toBe("close");
    expect((await closing).json.status).toBe("archived");
    expect(await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } })).toMatchObject({
      finalizingPhase: null,
      finalizingLeaseOwner: null,
      finalizingLeaseExpiresAt: null,
    });

    // A server that stalled past its lease and was taken over cannot end the finalize it lost: the new owner does.
    const staller = await agentWithRun(company.id, "Staller");
    const stalled = await slowClosingWorkspace(staller, "sleep 1");
    await db.$executeRaw`UPDATE execution_workspaces SET finalizing_lease_owner = 'another-server:1:takeover' WHERE id = ${stalled.workspaceId}::uuid`;
    await stalled.closing;
    expect(await db.executionWorkspace.findUniqueOrThrow({ where: { id: stalled.workspaceId } })).toMatchObject({
      finalizingPhase: "close",
      finalizingLeaseOwner: "another-server:1:takeover",
    });
    await db.$executeRaw`UPDATE execution_workspaces SET finalizing_phase = NULL, finalizing_since = NULL, finalizing_lease_owner = NULL, finalizing_lease_expires_at = NULL WHERE id = ${stalled.workspaceId}::uuid`;

    // A workspace another server is closing: its lease is live, so recovery waits, then takes over once it lapses.
    const asker = await agentWithRun(company.id, "Orphaned asker");
    const { project } = await isolatedProject(company.id, owner.token, repo);
    const issue = (await createIssue(company.id, operator.token, { title: "Orphaned close", projectId: project.id, assigneeAgentId: asker.agent.id })).json;
    const orphanId = (await checkout(issue.id, asker)).json.executionWorkspaceId as string;
    await db.$executeRaw`UPDATE execution_workspaces SET finalizing_phase = 'close', finalizing_since = now(), finalizing_lease_owner = 'another-server:2:live', finalizing_lease_expires_at = now() + interval '20 seconds' WHERE id = ${orphanId}::uuid`;
    const asked = (await createInteraction(issue.id, asker.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Ship it?" } }, asker.headers))
      .json;
    expect((await resolve("accept", issue.id, asked.id, operator.token)).status).toBe(202);
    await recoverAbandoned();
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: orphanId } })).finalizingPhase).toBe("close");
    expect((await db.issueHeldAction.findFirstOrThrow({ where: { issueId: issue.id } })).status).toBe("waiting");

    await db.$executeRaw`UPDATE execution_workspaces SET finalizing_lease_expires_at = now() - interval '1 second' WHERE id = ${orphanId}::uuid`;
    const passes = await Promise.all([recoverAbandoned(), recoverAbandoned()]);
    expect(passes[0].finalizes + passes[1].finalizes).toBe(1);
    expect(await db.executionWorkspace.findUniqueOrThrow({ where: { id: orphanId } })).toMatchObject({
      finalizingPhase: null,
      finalizingLeaseOwner: null,
      finalizingLeaseExpiresAt: null,
    });
    expect(await db.issueHeldAction.findFirstOrThrow({ where: { issueId: issue.id } })).toMatchObject({
      status: "failed",
      error: "Interrupted: the server doing it stopped",
    });
    expect((await db.issueThreadInteraction.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("pending");
    await recoverAbandoned();
    const notes = await db.issueComment.findMany({ where: { issueId: issue.id, authorUserId: null, authorAgentId: null } });
    expect(notes.map((note) => note.body)).toEqual([
      expect.stringContaining("was not applied: the workspace did not settle (Interrupted: the server doing it stopped)"),
    ]);
  });

  it("takes over held actions whose applying server stopped: a wake is delivered once, a decision is failed with a note and never applied, a live apply is left alone", async () => {
    const agent = await agentWithRun(company.id, "Held for");
    const issue = (await createIssue(company.id, operator.token, { title: "Dependant", assigneeAgentId: agent.agent.id })).json;
    await db.agentWakeupRequest.deleteMany({ where: { agentId: agent.agent.id } });
    const past = new Date(Date.now() - 1_000);
    const held = (kind: string, leaseExpiresAt: Date, payload: Record<string, unknown>) =>
      db.issueHeldAction.create({
        data: {
          companyId: company.id,
          issueId: issue.id,
          kind,
          status: "applying",
          leaseOwner: "stopped-server:1:x",
          leaseExpiresAt,
          waitingForWorkspaceIds: [],
          payload: payload as never,
          actorType: "user",
          actorId: operator.user.id,
        },
      });
    const wake = await held("wake", past, {
      companyId: company.id,
      agentId: agent.agent.id,
      reason: "issue_blockers_resolved",
      issueId: issue.id,
      payload: { issueId: issue.id },
    });
    const asked = (await createInteraction(issue.id, agent.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Go?" } }, agent.headers))
      .json;
    const decision = await held("interaction_accept", past, { interactionId: asked.id });
    const live = await held("interaction_accept", new Date(Date.now() + 20_000), { interactionId: asked.id });

    const passes = await Promise.all([recoverAbandoned(), recoverAbandoned()]);
    expect(passes[0].decisions + passes[1].decisions).toBe(1);
    expect(await db.issueHeldAction.findUniqueOrThrow({ where: { id: wake.id } })).toMatchObject({ status: "applied", error: null, leaseOwner: null });
    expect(await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id, reason: "issue_blockers_resolved" } })).toHaveLength(1);
    // The stopped server coming back to its old claim delivers nothing: the wake went out once.
    await applyHeldAction(wake);
    expect(await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id, reason: "issue_blockers_resolved" } })).toHaveLength(1);
    expect(await db.issueHeldAction.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({
      status: "failed",
      error: "Interrupted: the server doing it stopped",
    });
    expect((await db.issueThreadInteraction.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("pending");
    expect(await db.issueHeldAction.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: "applying", error: null });
    await recoverAbandoned();
    const notes = await db.issueComment.findMany({ where: { issueId: issue.id, authorUserId: null, authorAgentId: null } });
    expect(notes.map((note) => note.body)).toEqual([expect.stringContaining("was interrupted: the server applying it stopped")]);
    expect(await db.agentWakeupRequest.findMany({ where: { agentId: agent.agent.id, reason: "issue_blockers_resolved" } })).toHaveLength(1);
  });
});

describe("retention sweeper", () => {
  const DAY = 86_400_000;

  async function finishedWorkspace(policy: Record<string, unknown>) {
    const agent = await agentWithRun(company.id, "Finisher");
    const { project } = await isolatedProject(company.id, owner.token, repo);
    expect(
      (await patchProject(project.id, owner.token, { executionWorkspacePolicy: { ...(project.executionWorkspacePolicy as object), cleanupPolicy: policy } }))
        .status,
    ).toBe(200);
    const issue = (await createIssue(company.id, operator.token, { title: "Finish me", projectId: project.id, assigneeAgentId: agent.agent.id })).json;
    const workspaceId = (await checkout(issue.id, agent)).json.executionWorkspaceId as string;
    expect((await patchIssue(issue.id, agent.token, { status: "done" }, agent.headers)).status).toBe(200);
    const workspace = await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } });
    // The test project's provision command leaves a marker file; a finished workspace starts clean.
    rmSync(path.join(workspace.cwd!, ".provisioned"));
    return { issue, workspace };
  }

  it("schedules an idle workspace with a reason, then closes it through the normal close flow once the window passes", async () => {
    const { issue, workspace } = await finishedWorkspace({ idleRetentionDays: 7 });
    await sweepRetention(new Date());
    const scheduled = await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(scheduled.status).toBe("active");
    expect(scheduled.cleanupReason).toBe(`Idle 7 days after ${issue.identifier} closed`);
    expect(Math.abs(scheduled.cleanupEligibleAt!.getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    expect((await getWorkspace(workspace.id, operator.token)).json).toMatchObject({
      cleanupReason: scheduled.cleanupReason,
      cleanupEligibleAt: scheduled.cleanupEligibleAt!.toISOString(),
    });

    await sweepRetention(new Date(Date.now() + 8 * DAY));
    const closed = await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(closed.status).toBe("archived");
    expect(existsSync(workspace.cwd!)).toBe(false);
    expect(gitIn(repo, "branch", "--list", workspace.branchName!)).toContain(workspace.branchName!); // the branch is kept
    const phases = (await db.workspaceOperation.findMany({ where: { executionWorkspaceId: workspace.id }, orderBy: { startedAt: "asc" } })).map((operation) => [
      operation.phase,
      operation.actorType,
    ]);
    expect(phases).toContainEqual(["worktree_cleanup", "system"]);
  });

  it("refuses a workspace with uncommitted changes or unmerged commits unless the project allows it, and a reopened issue unschedules it", async () => {
    const { workspace } = await finishedWorkspace({ idleRetentionDays: 1 });
    writeFileSync(path.join(workspace.cwd!, "notes.txt"), "unsaved\n");
    await sweepRetention(new Date(Date.now() + 2 * DAY));
    const refused = await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(refused.status).toBe("active");
    expect(refused.cleanupReason).toContain("cleanup refused: 1 uncommitted change(s)");
    expect(existsSync(path.join(workspace.cwd!, "notes.txt"))).toBe(true);

    gitIn(workspace.cwd!, "add", ".");
    gitIn(workspace.cwd!, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "work");
    await sweepRetention(new Date(Date.now() + 2 * DAY));
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } })).cleanupReason).toContain(
      `1 unmerged commit(s) on ${workspace.branchName}`,
    );

    const allowed = await finishedWorkspace({ idleRetentionDays: 1, allowDestructiveCleanup: true });
    mkdirSync(path.join(allowed.workspace.cwd!, "scratch"));
    writeFileSync(path.join(allowed.workspace.cwd!, "scratch", "tmp.txt"), "x\n");
    await sweepRetention(new Date(Date.now() + 2 * DAY));
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: allowed.workspace.id } })).status).toBe("archived");

    // Work coming back clears a schedule the sweeper set.
    const again = await finishedWorkspace({ idleRetentionDays: 3 });
    await sweepRetention(new Date());
    expect((await db.executionWorkspace.findUniqueOrThrow({ where: { id: again.workspace.id } })).cleanupEligibleAt).not.toBeNull();
    await patchIssue(again.issue.id, operator.token, { status: "todo" });
    await sweepRetention(new Date(Date.now() + 4 * DAY));
    expect(await db.executionWorkspace.findUniqueOrThrow({ where: { id: again.workspace.id } })).toMatchObject({
      status: "active",
      cleanupEligibleAt: null,
      cleanupReason: null,
    });
  });
});

describe("troubleshooting signals", () => {
  it("reports a missing cwd, a deleted branch, runtime config None and a failed close", async () => {
    const agent = await agentWithRun(company.id, "Troubled");
    const { project } = await isolatedProject(company.id, owner.token, repo);
    const issue = (await createIssue(company.id, operator.token, { title: "Trouble", projectId: project.id, assigneeAgentId: agent.agent.id })).json;
    const workspaceId = (await checkout(issue.id, agent)).json.executionWorkspaceId as string;
    const codes = async () => (await getWorkspace(workspaceId, operator.token)).json.signals.map((signal: { code: string }) => signal.code).sort();
    expect(await codes()).toEqual(["runtime_config_none"]);

    const workspace = await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspaceId } });
    rmSync(workspace.cwd!, { recursive: true, force: true });
    gitIn(repo, "worktree", "prune");
    gitIn(repo, "branch", "-D", workspace.branchName!);
    await db.executionWorkspace.update({ where: { id: workspaceId }, data: { status: "cleanup_failed" } });
    expect(await codes()).toEqual(["branch_missing", "close_failed", "cwd_missing", "runtime_config_none"]);
  });

  it("names the workspace whose running service holds a port that this workspace's inherited runtime config also uses", async () => {
    const { port, runtime } = await runtimeWith();
    const { project, projectWorkspace } = await isolatedProject(company.id, owner.token, repo, { runtimeConfig: { workspaceRuntime: runtime } });
    const holderAgent = await agentWithRun(company.id, "Port holder");
    const wanterAgent = await agentWithRun(company.id, "Port wanter");
    const holding = (await createIssue(company.id, operator.token, { title: "Serve first", projectId: project.id, assigneeAgentId: holderAgent.agent.id }))
      .json;
    const wanting = (await createIssue(company.id, operator.token, { title: "Serve second", projectId: project.id, assigneeAgentId: wanterAgent.agent.id }))
      .json;
    const holderId = (await checkout(holding.id, holderAgent)).json.executionWorkspaceId as string;
    const wanterId = (await checkout(wanting.id, wanterAgent)).json.executionWorkspaceId as string;
    const signalsOf = async (id: string) => (await getWorkspace(id, operator.token)).json.signals as { code: string; message: string }[];
    expect((await signalsOf(wanterId)).map((signal) => signal.code)).not.toContain("port_held");
    // The detail names the project workspace it inherits from.
    expect((await getWorkspace(wanterId, operator.token)).json.projectWorkspace).toEqual({ id: projectWorkspace.id, name: "main" });

    const holderRef = { kind: "execution" as const, id: holderId, companyId: company.id };
    try {
      expect((await serviceAction(holderId, operator.token, "start", { workspaceCommandId: "web" })).status).toBe(200);
      const holder = await db.executionWorkspace.findUniqueOrThrow({ where: { id: holderId } });
      expect(await signalsOf(wanterId)).toContainEqual(
        expect.objectContaining({ code: "port_held", message: `Port ${port} is held by web of workspace "${holder.name}"` }),
      );
      // A service is no conflict for its own workspace.
      expect((await signalsOf(holderId)).map((signal) => signal.code)).not.toContain("port_held");
      // Starting the same service in the other workspace fails and names who holds the port.
      const clash = await serviceAction(wanterId, operator.token, "start", { workspaceCommandId: "web" });
      expect(clash.json.operation).toMatchObject({
        status: "failed",
        error: `Port ${port} is already in use by service "web" of workspace "${holder.name}"; stop it or give this service another port`,
      });
    } finally {
      await stopAllServices(holderRef, null);
    }
    expect((await signalsOf(wanterId)).map((signal) => signal.code)).not.toContain("port_held");
  });
});
