// Workspaces with real parts: real git worktrees provisioned on checkout, real service processes in their own
// process groups (reachable on their port, every process gone after stop), real jobs, and the close flow.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runOperations from "@/app/api/heartbeat-runs/[runId]/workspace-operations/route";
import * as servicesRoute from "@/app/api/projects/[id]/workspaces/[workspaceId]/runtime-services/[action]/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import * as streamRoute from "@/app/api/workspace-operations/[operationId]/log/stream/route";
import * as overviewRoute from "@/app/api/companies/[companyId]/workspace-overview/route";
import * as experimentalSettingsRoute from "@/app/api/instance/settings/experimental/route";
import { db } from "@/lib/db/client";
import { claimNextRun, executeRun } from "@/lib/heartbeats/scheduler";
import { releaseSupervisor, stopAllServices } from "@/lib/runtime/supervisor";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, checkout, createIssue, patchIssue, type AgentHandle } from "./support/issues";
import {
  closeReadiness,
  commandAction,
  createProjectWorkspace,
  getWorkspace,
  gitIn,
  gitRepo,
  httpText,
  isolatedProject,
  liveGroupMembers,
  operationLog,
  operations,
  patchWorkspace,
  runtimeWith,
  serviceAction,
} from "./support/workspaces";
import { waitFor } from "./support/wait";

let company: Awaited<ReturnType<typeof seedCompany>>;
let owner: Awaited<ReturnType<typeof seedUser>>;
let operator: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;
let agent: AgentHandle;
let repo: string;
const startedWorkspaces: string[] = [];

beforeAll(async () => {
  company = await seedCompany();
  owner = await seedUser({ memberships: { [company.id]: "owner" } });
  operator = await seedUser({ memberships: { [company.id]: "operator" } });
  viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
  agent = await agentWithRun(company.id, "Builder");
  repo = gitRepo();
});

afterAll(async () => {
  // Services outlive the server by design; the test must not leave any behind.
  for (const id of startedWorkspaces) await stopAllServices({ kind: "execution", id, companyId: company.id }, null);
  releaseSupervisor();
});

/** A fresh issue in an isolated project, checked out by the agent: its workspace is provisioned. */
async function provisioned(runtime?: Record<string, unknown>, title = "Build the thing") {
  const { project, projectWorkspace } = await isolatedProject(company.id, owner.token, repo, runtime ? { runtimeConfig: { workspaceRuntime: runtime } } : {});
  const issue = (await createIssue(company.id, operator.token, { title, projectId: project.id, assigneeAgentId: agent.agent.id })).json;
  const checkedOut = await checkout(issue.id, agent);
  expect(checkedOut.status).toBe(200);
  const workspaceId = checkedOut.json.executionWorkspaceId as string;
  startedWorkspaces.push(workspaceId);
  return { project, projectWorkspace, issue: checkedOut.json, workspaceId };
}

describe("project workspaces and runtime config", () => {
  it("normalises the legacy services shape, names each bad field of an invalid one, and lets only owners write", async () => {
    const project = await db.project.create({ data: { companyId: company.id, name: "Config", urlKey: "config" } });
    const legacy = await createProjectWorkspace(project.id, owner.token, {
      name: "main",
      cwd: repo,
      runtimeConfig: { workspaceRuntime: { services: [{ name: "Dev Server", command: "npm run dev", port: 4000 }] } },
    });
    expect(legacy.status).toBe(201);
    expect(legacy.json.isPrimary).toBe(true);
    expect(legacy.json.runtimeConfig.workspaceRuntime).toEqual({
      commands: [{ id: "dev-server", name: "Dev Server", kind: "service", command: "npm run dev", port: 4000 }],
    });

    const bad = await createProjectWorkspace(project.id, owner.token, {
      name: "bad",
      cwd: repo,
      runtimeConfig: { workspaceRuntime: { commands: [{ name: "x", kind: "daemon", command: "" }] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual([
      "runtimeConfig.workspaceRuntime.commands.0.command",
      "runtimeConfig.workspaceRuntime.commands.0.kind",
    ]);
    expect(await db.projectWorkspace.count({ where: { projectId: project.id } })).toBe(1);

    expect((await createProjectWorkspace(project.id, operator.token, { name: "op", cwd: repo })).status).toBe(403);
    expect((await createProjectWorkspace(project.id, agent.token, { name: "ag", cwd: repo })).status).toBe(403);
    const relative = await createProjectWorkspace(project.id, owner.token, { name: "rel", cwd: "relative/path" });
    expect(relative.status).toBe(400);
    expect(relative.json.invalid_params[0].name).toBe("body.cwd");
    // Refs reach git's argv: one that git would read as an option is refused.
    const optionRef = await createProjectWorkspace(project.id, owner.token, { name: "opt", cwd: repo, repoRef: "--upload-pack=touch /tmp/pwned" });
    expect(optionRef.status).toBe(400);
    expect(optionRef.json.invalid_params[0].name).toBe("body.repoRef");
  });
});

describe("provisioning on checkout", () => {
  it("creates a git worktree on a new <IDENTIFIER>-workspace branch, runs the provision command, and reuses it for child issues", async () => {
    const { issue, workspaceId, project } = await provisioned();
    const workspace = (await getWorkspace(workspaceId, operator.token)).json;
    expect(workspace).toMatchObject({
      status: "active",
      mode: "isolated_workspace",
      strategyType: "git_worktree",
      branchName: `${issue.identifier}-workspace`,
      baseRef: "main",
      sourceIssueId: issue.id,
    });
    expect(workspace.cwd).toBe(path.join(repo, ".paperclip", "worktrees", `${issue.identifier}-workspace`));
    expect(gitIn(workspace.cwd, "rev-parse", "--abbrev-ref", "HEAD")).toBe(`${issue.identifier}-workspace`);
    expect(gitIn(repo, "worktree", "list")).toContain(workspace.cwd);
    expect(readFileSync(path.join(workspace.cwd, ".provisioned"), "utf8").trim()).toBe("provisioned");
    const ops = (await operations(workspaceId, operator.token)).json;
    expect(ops.map((op: { phase: string; status: string }) => `${op.phase}:${op.status}`)).toEqual([
      "workspace_provision:succeeded",
      "worktree_prepare:succeeded",
    ]);
    expect(ops[0].stdoutExcerpt).toContain("provision-ran");

    const child = (
      await createIssue(company.id, operator.token, { title: "Follow-up", projectId: project.id, parentId: issue.id, assigneeAgentId: agent.agent.id })
    ).json;
    const childCheckout = await checkout(child.id, agent);
    expect(childCheckout.json.executionWorkspaceId).toBe(workspaceId);
    const sibling = (
      await createIssue(company.id, operator.token, {
        title: "Sibling",
        projectId: project.id,
        inheritExecutionWorkspaceFromIssueId: issue.id,
        assigneeAgentId: agent.agent.id,
      })
    ).json;
    expect((await checkout(sibling.id, agent)).json.executionWorkspaceId).toBe(workspaceId);
    const linked = (await getWorkspace(workspaceId, operator.token)).json.linkedIssues.map((linkedIssue: { id: string }) => linkedIssue.id);
    expect(linked.sort()).toEqual([issue.id, child.id, sibling.id].sort());
    expect(await db.executionWorkspace.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("starts a woken agent's run inside the issue's worktree, provisioning it before the run", async () => {
    const { project } = await isolatedProject(company.id, owner.token, repo);
    const runner = await agentWithRun(company.id, "Runner");
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-runner-"));
    const out = path.join(dir, "wakes.jsonl");
    await db.agent.update({
      where: { id: runner.agent.id },
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
    const issue = (await createIssue(company.id, operator.token, { title: "Run here", projectId: project.id, assigneeAgentId: runner.agent.id })).json;
    const claimed = (await claimNextRun())!;
    expect(claimed.run.issueId).toBe(issue.id);
    await executeRun(claimed);
    const workspace = await db.executionWorkspace.findFirstOrThrow({ where: { sourceIssueId: issue.id } });
    const wake = JSON.parse(readFileSync(out, "utf8").trim().split("\n")[0]);
    expect(wake).toMatchObject({ PAPERCLIP_WORKSPACE_CWD: workspace.cwd, PAPERCLIP_WORKSPACE_ID: workspace.id, cwd: workspace.cwd });
    expect((await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).executionWorkspaceId).toBe(workspace.id);
    const forRun = await callRoute(runOperations.GET, "GET", `/api/heartbeat-runs/${claimed.run.id}/workspace-operations`, {
      token: operator.token,
      params: { runId: claimed.run.id },
    });
    expect(forRun.json.map((op: { phase: string; heartbeatRunId: string }) => [op.phase, op.heartbeatRunId])).toEqual([
      ["worktree_prepare", claimed.run.id],
      ["workspace_provision", claimed.run.id],
    ]);
    expect(forRun.json[0].logBytes).toBeGreaterThan(0);
  });

  it("does nothing for projects without isolation, and records a failed provision without losing the checkout", async () => {
    const plain = await db.project.create({ data: { companyId: company.id, name: "Plain", urlKey: "plain" } });
    const issue = (await createIssue(company.id, operator.token, { title: "No workspace", projectId: plain.id, assigneeAgentId: agent.agent.id })).json;
    const result = await checkout(issue.id, agent);
    expect(result.status).toBe(200);
    expect(result.json.executionWorkspaceId).toBeNull();

    const notGit = await isolatedProject(company.id, owner.token, "/tmp");
    const broken = (await createIssue(company.id, operator.token, { title: "Broken", projectId: notGit.project.id, assigneeAgentId: agent.agent.id })).json;
    const brokenCheckout = await checkout(broken.id, agent);
    expect(brokenCheckout.status).toBe(200);
    expect(brokenCheckout.json.status).toBe("in_progress");
    const failed = await db.executionWorkspace.findFirstOrThrow({ where: { sourceIssueId: broken.id } });
    expect(failed.status).toBe("archived");
    expect(failed.cleanupReason).toMatch(/not a git checkout/);
  });
});

describe("runtime services and jobs", () => {
  it("starts a service that is reachable on its port, refuses a duplicate action while one is pending, restarts it and stops every process of its group", async () => {
    const { runtime, port } = await runtimeWith();
    // The service only starts listening once the test opens the gate, so the first start is provably still pending
    // when the duplicate arrives.
    const gate = path.join(mkdtempSync(path.join(os.tmpdir(), "sb-gate-")), "open");
    const [web, ...others] = runtime.commands;
    const { workspaceId } = await provisioned({ commands: [{ ...web, command: `until [ -e ${gate} ]; do sleep 0.05; done; ${web.command}` }, ...others] });

    const first = serviceAction(workspaceId, operator.token, "start", { workspaceCommandId: "web" });
    await waitFor(
      () =>
        db.workspaceOperation.findFirst({ where: { executionWorkspaceId: workspaceId, phase: "service_start", workspaceCommandId: "web", status: "running" } }),
      "the first start's running operation",
    );
    const second = await serviceAction(workspaceId, operator.token, "start", { workspaceCommandId: "web" });
    expect(second.status).toBe(409);
    expect(second.json.code).toBe("runtime_action_pending");
    writeFileSync(gate, "");
    const { status, json: started } = await first;
    expect(status).toBe(200);
    expect(started.operation).toMatchObject({ phase: "service_start", status: "succeeded", workspaceCommandId: "web" });
    expect(await httpText(port)).toBe(`hello from ${workspaceId}`);
    const service = started.workspace.runtimeServices.find((s: { workspaceCommandId: string }) => s.workspaceCommandId === "web");
    expect(service).toMatchObject({ status: "running", port, url: `http://localhost:${port}` });
    const firstPid = Number(service.providerRef);
    expect(liveGroupMembers(firstPid).length).toBeGreaterThanOrEqual(2);

    const restarted = await serviceAction(workspaceId, operator.token, "restart", { workspaceCommandId: "web" });
    expect(restarted.json.operation).toMatchObject({ phase: "service_restart", status: "succeeded" });
    const secondPid = Number(restarted.json.workspace.runtimeServices[0].providerRef);
    expect(secondPid).not.toBe(firstPid);
    expect(liveGroupMembers(firstPid)).toEqual([]);
    expect(await httpText(port)).toBe(`hello from ${workspaceId}`);

    const stopped = await serviceAction(workspaceId, operator.token, "stop", { workspaceCommandId: "web" });
    expect(stopped.status).toBe(200);
    expect(stopped.json.operation).toMatchObject({ phase: "service_stop", status: "succeeded" });
    expect(stopped.json.operation.stdoutExcerpt).toMatch(/SIGTERM to process group/);
    expect(stopped.json.workspace.runtimeServices[0].status).toBe("stopped");
    expect(liveGroupMembers(secondPid)).toEqual([]);
    await expect(httpText(port)).rejects.toThrow();
  });

  it("runs a job and keeps its stdout and stderr in the log; a failing job is a failed operation with its exit code", async () => {
    const { runtime } = await runtimeWith();
    const { workspaceId } = await provisioned(runtime);
    const ran = await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "hello" });
    expect(ran.status).toBe(200);
    expect(ran.json.operation).toMatchObject({ phase: "job_run", status: "succeeded", exitCode: 0, stdoutExcerpt: "job-out\n", stderrExcerpt: "job-err\n" });
    const log = (await operationLog(ran.json.operation.id, operator.token)).json;
    expect(log.format).toBe("ndjson");
    const lines = log.content
      .trim()
      .split("\n")
      .map((line: string) => JSON.parse(line));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stream: "stdout", chunk: "job-out\n" }),
        expect.objectContaining({ stream: "stderr", chunk: "job-err\n" }),
      ]),
    );

    const failed = await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "broken" });
    expect(failed.json.operation).toMatchObject({ status: "failed", exitCode: 3, error: "Exited with code 3" });
    expect(failed.json.operation.stderrExcerpt).toContain("about to fail");

    expect((await commandAction(workspaceId, operator.token, "start", { workspaceCommandId: "hello" })).json.code).toBe("not_a_service");
    expect((await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "web" })).json.code).toBe("not_a_job");
    expect((await commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "nope" })).status).toBe(404);
    expect((await serviceAction(workspaceId, operator.token, "start", { serviceIndex: 5 })).status).toBe(422);
  });

  it("fails a start clearly when the port is taken, and refuses without a cwd or runtime config", async () => {
    const blocker = net.createServer().listen(0);
    await new Promise((resolve) => blocker.once("listening", resolve));
    const takenPort = (blocker.address() as net.AddressInfo).port;
    const { workspaceId } = await provisioned({ commands: [{ id: "web", name: "web", kind: "service", command: "sleep 30", port: takenPort }] });
    const result = await serviceAction(workspaceId, operator.token, "start", { workspaceCommandId: "web" });
    blocker.close();
    expect(result.status).toBe(200);
    expect(result.json.operation).toMatchObject({ status: "failed" });
    expect(result.json.operation.error).toBe(
      `Port ${takenPort} is already in use by another process on this machine; stop it or give this service another port`,
    );
    expect(result.json.workspace.runtimeServices[0]).toMatchObject({ status: "failed" });

    const bare = await provisioned();
    const none = await serviceAction(bare.workspaceId, operator.token, "start");
    expect(none.status).toBe(422);
    expect(none.json.code).toBe("no_runtime_config");
    await db.executionWorkspace.update({ where: { id: bare.workspaceId }, data: { cwd: null } });
    const noCwd = await serviceAction(bare.workspaceId, operator.token, "start");
    expect(noCwd.status).toBe(422);
    expect(noCwd.json.code).toBe("workspace_cwd_missing");
  });

  it("lets viewers and uninvolved agents do nothing, an agent holding a linked issue start and stop services, and outsiders see nothing", async () => {
    const { runtime } = await runtimeWith();
    const { workspaceId, issue } = await provisioned(runtime);
    const bystander = await agentWithRun(company.id, "Bystander");
    expect((await serviceAction(workspaceId, viewer.token, "start")).status).toBe(403);
    const denied = await serviceAction(workspaceId, bystander.token, "start", {}, bystander.headers);
    expect(denied.status).toBe(403);
    expect(denied.json.code).toBe("workspace_not_checked_out");
    expect((await commandAction(workspaceId, agent.token, "run", { workspaceCommandId: "hello" })).status).toBe(403);
    const byAgent = await serviceAction(workspaceId, agent.token, "start", { workspaceCommandId: "web" }, agent.headers);
    expect(byAgent.json.operation.status).toBe("succeeded");
    expect((await serviceAction(workspaceId, agent.token, "stop", { workspaceCommandId: "web" }, agent.headers)).json.operation.status).toBe("succeeded");
    expect(issue.status).toBe("in_progress");

    const outsiderCompany = await seedCompany();
    const outsider = await seedUser({ memberships: { [outsiderCompany.id]: "owner" } });
    expect((await getWorkspace(workspaceId, outsider.token)).status).toBe(404);
    expect((await serviceAction(workspaceId, outsider.token, "start")).status).toBe(404);
    expect((await patchWorkspace(workspaceId, outsider.token, { status: "archived" })).status).toBe(404);
  });
});

describe("project workspace services", () => {
  it("run from the project's primary checkout, and deleting the project stops them first", async () => {
    const { runtime, port } = await runtimeWith();
    const project = await db.project.create({ data: { companyId: company.id, name: "Primary", urlKey: "primary" } });
    const workspace = (await createProjectWorkspace(project.id, owner.token, { name: "main", cwd: repo, runtimeConfig: { workspaceRuntime: runtime } })).json;
    const started = await callRoute(servicesRoute.POST, "POST", "/x", {
      token: operator.token,
      params: { id: project.id, workspaceId: workspace.id, action: "start" },
      body: {},
    });
    expect(started.json.operation).toMatchObject({ phase: "service_start", status: "succeeded", projectWorkspaceId: workspace.id });
    expect(await httpText(port)).toBe(`hello from ${workspace.id}`);
    const pid = Number(started.json.workspace.runtimeServices[0].providerRef);
    expect((await callRoute(projectRoute.DELETE, "DELETE", "/x", { token: operator.token, params: { id: project.id } })).status).toBe(200);
    expect(liveGroupMembers(pid)).toEqual([]);
    await expect(httpText(port)).rejects.toThrow();
  });
});

describe("operation logs and the overview", () => {
  it("streams a running job's log live over SSE until it ends", async () => {
    // The job prints its second line only once the test opens the gate, after the first has arrived on the stream.
    const gate = path.join(mkdtempSync(path.join(os.tmpdir(), "sb-gate-")), "open");
    const { workspaceId } = await provisioned({
      commands: [{ id: "slow", name: "slow", kind: "job", command: `echo first; until [ -e ${gate} ]; do sleep 0.05; done; echo second` }],
    });
    const run = commandAction(workspaceId, operator.token, "run", { workspaceCommandId: "slow" });
    const running: { id: string } = await waitFor(
      async () =>
        (await operations(workspaceId, operator.token)).json.find((op: { phase: string; status: string }) => op.phase === "job_run" && op.status === "running"),
      "the job's running operation",
    );
    const request = new NextRequest(`http://localhost:3000/api/workspace-operations/${running.id}/log/stream`, {
      headers: { authorization: `Bearer ${operator.token}` },
    });
    const response = await streamRoute.GET(request, { params: Promise.resolve({ operationId: running.id }) });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    // What the job printed, from the complete chunk events so far (the log's first line echoes the whole command).
    const stdout = (sse: string) =>
      [...sse.matchAll(/event: chunk\ndata: (.*)\n\n/g)]
        .flatMap((event) =>
          (JSON.parse(event[1]).content as string)
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { stream: string; chunk: string }),
        )
        .filter((line) => line.stream === "stdout")
        .map((line) => line.chunk)
        .join("");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let events = "";
    while (!stdout(events).includes("first")) {
      const { value, done } = await reader.read();
      if (done) break;
      events += decoder.decode(value, { stream: true });
    }
    expect(stdout(events)).toBe("first\n");
    writeFileSync(gate, "");
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) events += decoder.decode(chunk.value, { stream: true });
    expect(stdout(events)).toBe("first\nsecond\n");
    expect(events).toMatch(/event: end\ndata: \{"status":"succeeded"/);
    expect((await run).json.operation.status).toBe("succeeded");
  });

  it("groups workspaces by project, projects with running services first", async () => {
    const quiet = await provisioned(undefined, "Quiet work");
    const { runtime } = await runtimeWith();
    const busy = await provisioned(runtime, "Busy work");
    await serviceAction(busy.workspaceId, operator.token, "start", { workspaceCommandId: "web" });
    const overview = (
      await callRoute(overviewRoute.GET, "GET", `/api/companies/${company.id}/workspace-overview`, { token: viewer.token, params: { companyId: company.id } })
    ).json;
    expect(overview.groups[0].projectId).toBe(busy.project.id);
    expect(overview.groups[0].runningServiceCount).toBe(1);
    const busyItem = overview.items.find((item: { workspaceId: string }) => item.workspaceId === busy.workspaceId);
    expect(busyItem).toMatchObject({
      kind: "execution_workspace",
      serviceCount: 1,
      runningServiceCount: 1,
      hasRuntimeConfig: true,
      linkedIssueCount: 1,
      primaryServiceUrlRunning: true,
    });
    const quietGroup = overview.groups.find((group: { projectId: string }) => group.projectId === quiet.project.id);
    expect(quietGroup.projectWorkspaces.map((workspace: { isPrimary: boolean }) => workspace.isPrimary)).toEqual([true]);
    expect(overview.items.every((item: { executionWorkspaceStatus: string }) => item.executionWorkspaceStatus !== "archived")).toBe(true);
    const empty = await seedCompany();
    const emptyViewer = await seedUser({ memberships: { [empty.id]: "viewer" } });
    expect(
      (
        await callRoute(overviewRoute.GET, "GET", `/api/companies/${empty.id}/workspace-overview`, {
          token: emptyViewer.token,
          params: { companyId: empty.id },
        })
      ).json,
    ).toMatchObject({ items: [], groups: [], total: 0, hasMore: false });
  });
});

describe("runtime config inheritance", () => {
  it("inherits the project workspace's config, overrides it, rejects invalid JSON without losing the stored value, and resets to inherit", async () => {
    const { runtime } = await runtimeWith();
    const { workspaceId } = await provisioned(runtime);
    expect((await getWorkspace(workspaceId, operator.token)).json).toMatchObject({
      runtimeConfigSource: "project_workspace",
      projectWorkspaceHasRuntimeConfig: true,
    });
    const override = { commands: [{ id: "api", name: "api", kind: "service", command: "sleep 60" }] };
    expect((await patchWorkspace(workspaceId, operator.token, { config: { workspaceRuntime: override } })).status).toBe(403);
    const overridden = await patchWorkspace(workspaceId, owner.token, { config: { workspaceRuntime: override } });
    expect(overridden.json).toMatchObject({ runtimeConfigSource: "execution_workspace", commands: [{ id: "api", kind: "service" }] });
    const invalid = await patchWorkspace(workspaceId, owner.token, { config: { workspaceRuntime: { commands: "not-a-list" } } });
    expect(invalid.status).toBe(422);
    expect(invalid.json.invalid_params[0].name).toBe("config.workspaceRuntime.commands");
    expect((await getWorkspace(workspaceId, operator.token)).json.commands[0].id).toBe("api");
    const reset = await patchWorkspace(workspaceId, owner.token, { config: { workspaceRuntime: null } });
    expect(reset.json).toMatchObject({ runtimeConfigSource: "project_workspace" });
    expect(reset.json.commands.map((command: { id: string }) => command.id)).toEqual(["web", "hello", "broken"]);
  });
});

describe("closing a workspace", () => {
  it("is blocked while an agent works in it; a failing teardown leaves cleanup_failed, and after the fix a retry archives it and removes the worktree", async () => {
    const { runtime, port } = await runtimeWith();
    const { workspaceId, issue } = await provisioned(runtime);
    await db.executionWorkspace.update({
      where: { id: workspaceId },
      data: { config: { teardownCommand: "echo tearing down; exit 3", cleanupCommand: "echo cleaned" } },
    });
    await serviceAction(workspaceId, operator.token, "start", { workspaceCommandId: "web" });
    const worktree = (await getWorkspace(workspaceId, operator.token)).json.cwd as string;

    const readiness = (await closeReadiness(workspaceId, operator.token)).json;
    expect(readiness.state).toBe("blocked");
    expect(readiness.blockingReasons[0]).toContain(issue.identifier);
    expect(readiness.plannedActions.map((action: { kind: string }) => action.kind)).toEqual([
      "stop_runtime_services",
      "cleanup_command",
      "teardown_command",
      "git_worktree_remove",
      "archive_record",
    ]);
    const blocked = await patchWorkspace(workspaceId, operator.token, { status: "archived" });
    expect(blocked.status).toBe(409);
    expect(blocked.json.code).toBe("workspace_close_blocked");

    expect((await patchIssue(issue.id, agent.token, { status: "done" }, agent.headers)).status).toBe(200);
    expect((await closeReadiness(workspaceId, operator.token)).json.state).toBe("ready_with_warnings");
    const failed = await patchWorkspace(workspaceId, operator.token, { status: "archived" });
    expect(failed.status).toBe(200);
    expect(failed.json.status).toBe("cleanup_failed");
    expect(failed.json.runtimeServices[0].status).toBe("stopped");
    await expect(httpText(port)).rejects.toThrow();
    expect(existsSync(worktree)).toBe(true);
    const phases = (await operations(workspaceId, operator.token)).json.slice(0, 3).map((op: { phase: string; status: string }) => `${op.phase}:${op.status}`);
    expect(phases).toEqual(["workspace_teardown:failed", "workspace_cleanup:succeeded", "service_stop:succeeded"]);

    expect((await patchWorkspace(workspaceId, owner.token, { config: { teardownCommand: "echo tore down" } })).status).toBe(200);
    const archived = await patchWorkspace(workspaceId, operator.token, { status: "archived" });
    expect(archived.json.status).toBe("archived");
    expect(archived.json.closedAt).not.toBeNull();
    expect(existsSync(worktree)).toBe(false);
    expect(gitIn(repo, "worktree", "list")).not.toContain(worktree);
    expect(gitIn(repo, "branch", "--list", `${issue.identifier}-workspace`)).toContain(`${issue.identifier}-workspace`);
    expect((await patchWorkspace(workspaceId, operator.token, { status: "active" })).status).toBe(422);
    expect((await serviceAction(workspaceId, operator.token, "start")).status).toBe(422);
  });
});

describe("instance settings", () => {
  it("lets any board user read the experimental switch and only instance admins change it", async () => {
    const admin = await seedUser({ admin: true });
    expect((await callRoute(experimentalSettingsRoute.GET, "GET", "/api/instance/settings/experimental", { token: viewer.token })).json).toEqual({
      enableIsolatedWorkspaces: false,
    });
    expect(
      (
        await callRoute(experimentalSettingsRoute.PATCH, "PATCH", "/api/instance/settings/experimental", {
          token: owner.token,
          body: { enableIsolatedWorkspaces: true },
        })
      ).status,
    ).toBe(403);
    expect((await callRoute(experimentalSettingsRoute.GET, "GET", "/api/instance/settings/experimental", { token: agent.token })).status).toBe(403);
    const turned = await callRoute(experimentalSettingsRoute.PATCH, "PATCH", "/api/instance/settings/experimental", {
      token: admin.token,
      body: { enableIsolatedWorkspaces: true },
    });
    expect(turned.json).toEqual({ enableIsolatedWorkspaces: true });
    const bad = await callRoute(experimentalSettingsRoute.PATCH, "PATCH", "/api/instance/settings/experimental", {
      token: admin.token,
      body: { enableIsolatedWorkspaces: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalid_params[0].name).toBe("body.enableIsolatedWorkspaces");
    expect((await callRoute(experimentalSettingsRoute.GET, "GET", "/api/instance/settings/experimental", { token: viewer.token })).json).toEqual({
      enableIsolatedWorkspaces: true,
    });
  });
});
