// Runtime services across app instances, in-process: an action on a service another running host supervises is queued
// for that host and never signals its process here; the owner's pass takes actions queued for it and finishes them. A
// host is running while its presence lock is held ("alive-host" here holds it on a connection of its own); a host
// without one ("gone-host") is let go at once.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import * as servicesRoute from "@/app/api/projects/[id]/workspaces/[workspaceId]/runtime-services/[action]/route";
import { db } from "@/lib/db/client";
import { HOST_LOCK_NAMESPACE, releaseHostPresence } from "@/lib/runtime/host-presence";
import { startOperation, type WorkspaceRef } from "@/lib/runtime/operations";
import { hostId, isSameProcess, processStartTime } from "@/lib/runtime/processes";
import { releaseSupervisor, stopAllServices } from "@/lib/runtime/supervisor";
import { closeExecutionWorkspace } from "@/lib/workspaces/close";
import { takeHandedOffActions } from "@/lib/workspaces/runtime-handoff";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { createProjectWorkspace, httpText, liveGroupMembers, runtimeWith } from "./support/workspaces";

let company: Awaited<ReturnType<typeof seedCompany>>;
let owner: Awaited<ReturnType<typeof seedUser>>;
const refs: WorkspaceRef[] = [];
const strays: number[] = [];
let aliveHost: pg.Client;

beforeAll(async () => {
  company = await seedCompany();
  owner = await seedUser({ memberships: { [company.id]: "owner" } });
  process.env.SWITCHBOARD_HANDOFF_TIMEOUT_MS = "1000";
  // "alive-host" has a running instance: its presence lock is held on a connection of its own, as that instance would.
  aliveHost = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await aliveHost.connect();
  await aliveHost.query("SELECT pg_advisory_lock($1, hashtext($2))", [HOST_LOCK_NAMESPACE, "alive-host"]);
});

afterEach(() => {
  for (const pid of strays.splice(0)) process.kill(-pid, "SIGKILL");
});

afterAll(async () => {
  delete process.env.SWITCHBOARD_HANDOFF_TIMEOUT_MS;
  // As an operator would after stopping the absent host's processes by hand (the test killed them already).
  await db.workspaceRuntimeService.updateMany({ where: { hostId: { in: ["gone-host", "alive-host"] } }, data: { status: "stopped" } });
  await aliveHost?.end();
  await releaseHostPresence();
  // The services this file started are ours (this host's), so stopping them here runs locally.
  for (const ref of refs) await stopAllServices(ref, null);
  releaseSupervisor();
});

/** A project workspace on a scratch directory whose runtime has the `web` service on a free port. */
async function serviceWorkspace() {
  const { runtime, port } = await runtimeWith();
  const project = await db.project.create({ data: { companyId: company.id, name: "Handoff", urlKey: `handoff-${refs.length}-${Date.now()}` } });
  const cwd = mkdtempSync(path.join(os.tmpdir(), "sb-handoff-"));
  const workspace = (await createProjectWorkspace(project.id, owner.token, { name: "main", cwd, runtimeConfig: { workspaceRuntime: runtime } })).json;
  const ref: WorkspaceRef = { kind: "project", id: workspace.id, companyId: company.id };
  refs.push(ref);
  const act = (action: string) =>
    callRoute(servicesRoute.POST, "POST", "/x", {
      token: owner.token,
      params: { id: project.id, workspaceId: workspace.id, action },
      body: { workspaceCommandId: "web" },
    });
  return { ref, port, act, cwd };
}

describe("runtime services across instances", () => {
  /** A live process on this machine that a service row says `host` started: no other instance may signal it. */
  async function foreignService(ref: WorkspaceRef, cwd: string, host: string) {
    const process_ = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    process_.unref();
    const pid = process_.pid!;
    strays.push(pid);
    const service = await db.workspaceRuntimeService.create({
      data: {
        ...(ref.kind === "execution" ? { executionWorkspaceId: ref.id } : { projectWorkspaceId: ref.id }),
        companyId: company.id,
        workspaceCommandId: "web",
        serviceName: "web",
        command: "sleep 300",
        cwd,
        status: "running",
        pid,
        pidStartTime: processStartTime(pid),
        hostId: host,
      },
    });
    return { service, pid };
  }

  it("POST …/runtime-services/stop — a service whose host is not running is let go at once: the stop succeeds unsignalled and what the host held fails", async () => {
    const { ref, act, cwd } = await serviceWorkspace();
    const { service, pid } = await foreignService(ref, cwd, "gone-host");
    // What the gone host left behind: an action it had taken and another one queued for it.
    const interrupted = await startOperation(ref, { phase: "job_run", command: "make", cwd, actor: null });
    await db.workspaceOperation.update({ where: { id: interrupted.id }, data: { hostId: "gone-host" } });
    const queuedElsewhere = await startOperation(ref, {
      phase: "service_restart",
      command: "other",
      cwd,
      workspaceCommandId: "other",
      actor: null,
      queuedFor: { host: "gone-host", deadline: new Date(Date.now() + 3_600_000) },
    });

    const stopped = await act("stop");
    expect(stopped.status).toBe(200);
    expect(stopped.json.operation).toMatchObject({ phase: "service_stop", status: "succeeded" });
    expect(stopped.json.operation.stdoutExcerpt).toContain('host "gone-host" is not running; if its process still runs on that machine it was not signalled');
    expect(await db.workspaceOperation.findUniqueOrThrow({ where: { id: stopped.json.operation.id } })).toMatchObject({ hostId: hostId() });
    expect(isSameProcess(pid, service.pidStartTime)).toBe(true);
    expect(await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      status: "stopped",
      healthStatus: "unknown",
      hostId: "gone-host",
      lastError: 'host "gone-host" is not running; if its process still runs on that machine it was not signalled',
    });
    for (const id of [interrupted.id, queuedElsewhere.id]) {
      const operation = await db.workspaceOperation.findUniqueOrThrow({ where: { id } });
      expect(operation.status).toBe("failed");
      expect(operation.error).toContain('Host "gone-host" is not running');
    }
  });

  it("POST …/runtime-services/stop — 409 service_host_unavailable when the running host does not take it by the deadline, and nothing is signalled here", async () => {
    const { ref, act, cwd } = await serviceWorkspace();
    const { service, pid } = await foreignService(ref, cwd, "alive-host");

    const stopped = await act("stop");
    expect(stopped.status).toBe(409);
    expect(stopped.json.code).toBe("service_host_unavailable");
    expect(stopped.json.detail).toContain('"alive-host", which is running but did not take this action');
    const [operation] = await db.workspaceOperation.findMany({ where: { runtimeServiceId: service.id } });
    expect(operation).toMatchObject({ phase: "service_stop", status: "failed", hostId: "alive-host", actorType: "user", actorId: owner.user.id });
    // The deadline was the database's now() plus the 1 s timeout when the row was queued, and the asker kept to it.
    expect(operation.handoffDeadline!.getTime() - operation.startedAt.getTime()).toBeGreaterThan(0);
    expect(operation.handoffDeadline!.getTime() - operation.startedAt.getTime()).toBeLessThanOrEqual(1_000);
    expect(operation.finishedAt!.getTime()).toBeGreaterThanOrEqual(operation.handoffDeadline!.getTime());
    expect(isSameProcess(pid, service.pidStartTime)).toBe(true);
    expect(await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "running", hostId: "alive-host" });
  });

  it("closing a workspace whose service's running host does not take the stop ends cleanup_failed with the reason", async () => {
    const project = await db.project.create({ data: { companyId: company.id, name: "Close", urlKey: `close-${Date.now()}` } });
    const cwd = mkdtempSync(path.join(os.tmpdir(), "sb-handoff-close-"));
    const workspace = await db.executionWorkspace.create({ data: { companyId: company.id, projectId: project.id, name: "ws", cwd } });
    const ref: WorkspaceRef = { kind: "execution", id: workspace.id, companyId: company.id };
    const { service, pid } = await foreignService(ref, cwd, "alive-host");

    expect(await closeExecutionWorkspace(null, null, workspace.id)).toBe("cleanup_failed");
    expect(await db.executionWorkspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({ status: "cleanup_failed" });
    const activity = await db.activityLog.findFirstOrThrow({ where: { entityId: workspace.id, action: "execution_workspace.close_failed" } });
    expect((activity.details as { error: string }).error).toContain('"alive-host", which is running but did not take this action');
    expect(isSameProcess(pid, service.pidStartTime)).toBe(true);
  });

  it("a stopped service of another host starts here, and this instance supervises it from then on", async () => {
    const { ref, port, act, cwd } = await serviceWorkspace();
    await db.workspaceRuntimeService.create({
      data: {
        companyId: company.id,
        projectWorkspaceId: ref.id,
        workspaceCommandId: "web",
        serviceName: "web",
        command: "old",
        cwd,
        status: "stopped",
        hostId: "gone-host",
      },
    });
    const started = await act("start");
    expect(started.status).toBe(200);
    expect(started.json.operation.status).toBe("succeeded");
    expect(await db.workspaceOperation.findUniqueOrThrow({ where: { id: started.json.operation.id } })).toMatchObject({ hostId: hostId() });
    expect(await db.workspaceRuntimeService.findFirstOrThrow({ where: { projectWorkspaceId: ref.id } })).toMatchObject({ status: "running", hostId: hostId() });
    expect(await httpText(port)).toBe(`hello from ${ref.id}`);
  });

  it("the owner's pass takes an action queued for its host, runs it, and finishes that same row", async () => {
    const { ref, port, act } = await serviceWorkspace();
    expect((await act("start")).json.operation.status).toBe("succeeded");
    const service = await db.workspaceRuntimeService.findFirstOrThrow({ where: { projectWorkspaceId: ref.id } });
    const requester = await seedUser({ memberships: { [company.id]: "operator" } });
    // What another instance's request leaves: a queued stop for this host, by its actor.
    const queued = await startOperation(ref, {
      phase: "service_stop",
      command: service.command,
      cwd: service.cwd,
      workspaceCommandId: "web",
      runtimeServiceId: service.id,
      actor: { type: "board", userId: requester.user.id, isInstanceAdmin: false, source: "session", keyId: null, memberships: {}, restrictedToCompanyId: null },
      queuedFor: { host: hostId(), deadline: new Date(Date.now() + 60_000) },
    });
    expect(queued.status).toBe("queued");
    // A queued action holds the command like a running one: a second action is refused.
    const second = await act("restart");
    expect(second.status).toBe(409);
    expect(second.json.code).toBe("runtime_action_pending");

    await takeHandedOffActions();
    const finished = await db.workspaceOperation.findUniqueOrThrow({ where: { id: queued.id } });
    expect(finished).toMatchObject({ status: "succeeded", phase: "service_stop", actorId: requester.user.id, hostId: hostId() });
    expect(finished.stdoutExcerpt).toContain(`process group ${service.pid}`);
    expect(liveGroupMembers(service.pid!)).toEqual([]);
    await expect(httpText(port)).rejects.toThrow();
    expect(await db.workspaceOperation.count({ where: { runtimeServiceId: service.id, phase: "service_stop" } })).toBe(1);
    expect(await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "stopped" });
  });

  it("the owner goes by the deadline on the row, in database time: a request past it fails unrun, an old one before it is taken", async () => {
    const { ref, act } = await serviceWorkspace();
    expect((await act("start")).json.operation.status).toBe("succeeded");
    const service = await db.workspaceRuntimeService.findFirstOrThrow({ where: { projectWorkspaceId: ref.id } });
    const queueStop = () =>
      startOperation(ref, {
        phase: "service_stop",
        command: service.command,
        cwd: service.cwd,
        workspaceCommandId: "web",
        runtimeServiceId: service.id,
        actor: null,
        queuedFor: { host: hostId(), deadline: new Date() },
      });

    const late = await queueStop();
    await db.$executeRaw`UPDATE workspace_operations SET handoff_deadline = now() - interval '1 second' WHERE id = ${late.id}::uuid`;
    await takeHandedOffActions();
    expect(await db.workspaceOperation.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({
      status: "failed",
      error: "Nobody took this action before its deadline",
    });
    expect(await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "running" });

    // Queued an hour ago by the row's clock, yet still before its deadline: taken (the start time does not count).
    const old = await queueStop();
    await db.$executeRaw`
      UPDATE workspace_operations SET started_at = now() - interval '1 hour', handoff_deadline = now() + interval '1 minute' WHERE id = ${old.id}::uuid`;
    await takeHandedOffActions();
    expect(await db.workspaceOperation.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "succeeded" });
    expect(await db.workspaceRuntimeService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "stopped" });
  });

  it("a handed-over start runs only the command the asker saw: one changed since is refused, nothing is launched", async () => {
    const { ref, port } = await serviceWorkspace();
    const queued = await startOperation(ref, {
      phase: "service_start",
      command: "echo an older command",
      cwd: null,
      workspaceCommandId: "web",
      actor: null,
      queuedFor: { host: hostId(), deadline: new Date(Date.now() + 60_000) },
    });
    await takeHandedOffActions();
    const finished = await db.workspaceOperation.findUniqueOrThrow({ where: { id: queued.id } });
    expect(finished.status).toBe("failed");
    expect(finished.error).toBe('The command of "web" changed after this action was asked for; ask again');
    expect(await db.workspaceRuntimeService.count({ where: { projectWorkspaceId: ref.id } })).toBe(0);
    await expect(httpText(port)).rejects.toThrow();
  });
});
