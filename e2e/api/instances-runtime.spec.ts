import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { SERVER_REFUSED_EXIT_CODE } from "../../lib/exit-codes";
import { findFreePort } from "../../lib/net";
import { waitFor } from "../../tests/support/wait";
import { killInstance, startInstance, stopInstance, type Instance } from "../instances";
import { adminBoardKey, bearer, json, launcherDatabaseUrl } from "../support";

// Runtime services with two app instances on one PostgreSQL: the launcher's server (A) and one started here (B). A
// service is supervised only by the instance of its host id; an action arriving at the other is handed over through
// the database; one whose instance is not running is let go at once. A's handoff timeout is 10 s (playwright.config.ts).

let sql: pg.Client;
const instances: Instance[] = [];
const serviceGroups = new Set<number>();

test.beforeAll(async () => {
  sql = new pg.Client({ connectionString: launcherDatabaseUrl() });
  await sql.connect();
});

test.afterAll(async () => {
  await sql?.end();
  for (const instance of instances) await stopInstance(instance);
  // Services outlive their server by design; none this spec started may outlive the spec.
  for (const pgid of serviceGroups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/** Live (non-zombie) members of a process group, from /proc. */
function groupMembers(pgid: number): number[] {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return fields[0] !== "Z" && Number(fields[2]) === pgid ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

async function answers(port: number) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) })).text();
  } catch {
    return null;
  }
}

type ServiceRow = { id: string; host_id: string; status: string; health_status: string; pid: number };

test("runtime services are supervised only by the instance of their host id; actions elsewhere are handed to it", async ({ request, baseURL }) => {
  test.setTimeout(300_000);
  const board = bearer(await adminBoardKey(request, baseURL!));
  const company = await json(await request.post("/api/companies", { headers: board, data: { name: "Runtime hosts" } }), 201);
  const project = await json(await request.post(`/api/companies/${company.id}/projects`, { headers: board, data: { name: "Site" } }), 201);
  const port = await findFreePort();
  const workspaceRuntime = {
    commands: [
      {
        id: "web",
        name: "web",
        kind: "service",
        port,
        command: `sleep 300 & exec node -e "require('http').createServer((q,s)=>s.end('up')).listen(process.env.PORT)"`,
      },
    ],
  };
  const cwd = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-runtime-"));
  const workspace = await json(
    await request.post(`/api/projects/${project.id}/workspaces`, { headers: board, data: { name: "main", cwd, runtimeConfig: { workspaceRuntime } } }),
    201,
  );
  const actionPath = (action: string) => `/api/projects/${project.id}/workspaces/${workspace.id}/runtime-services/${action}`;
  const act = (instance: Instance | null, action: string) =>
    request.post(instance ? `${instance.url}${actionPath(action)}` : actionPath(action), { headers: board, data: { workspaceCommandId: "web" } });
  const service = async () =>
    (
      await sql.query<ServiceRow>("SELECT id, host_id, status, health_status, pid FROM workspace_runtime_services WHERE project_workspace_id = $1", [
        workspace.id,
      ])
    ).rows[0];
  const stopOperations = async (serviceId: string) =>
    (
      await sql.query<{ status: string; host_id: string; actor_type: string; error: string | null }>(
        "SELECT status, host_id, actor_type, error FROM workspace_operations WHERE runtime_service_id = $1 AND phase = 'service_stop' ORDER BY started_at",
        [serviceId],
      )
    ).rows;

  const hostB = await startInstance("runtime-b");
  instances.push(hostB);

  await test.step("a service started through B is B's: it runs and A leaves it alone", async () => {
    const started = await json(await act(hostB, "start"), 200);
    expect(started.operation).toMatchObject({ phase: "service_start", status: "succeeded" });
    const row = await service();
    serviceGroups.add(row.pid);
    expect(row).toMatchObject({ host_id: hostB.hostId, status: "running", health_status: "healthy" });
    expect(await answers(port)).toBe("up");
    // A serves the workspace (and runs its own handoff passes) without touching B's service.
    const seenByA = await json(await request.get(`/api/projects/${project.id}/workspaces/${workspace.id}`, { headers: board }), 200);
    expect(seenByA.runtimeServices).toEqual([expect.objectContaining({ status: "running" })]);
    expect(await service()).toMatchObject({ host_id: hostB.hostId, status: "running", pid: row.pid });
    expect(groupMembers(row.pid).length).toBeGreaterThan(0);
  });

  await test.step("a stop through A is handed to B: the process group is gone and one operation records it", async () => {
    const { pid, id } = await service();
    const stopped = await json(await act(null, "stop"), 200);
    expect(stopped.operation).toMatchObject({ phase: "service_stop", status: "succeeded" });
    expect(stopped.operation.stdoutExcerpt).toContain(`process group ${pid}`);
    expect(groupMembers(pid)).toEqual([]);
    expect(await answers(port)).toBeNull();
    expect(await stopOperations(id)).toEqual([{ status: "succeeded", host_id: hostB.hostId, actor_type: "user", error: null }]);
    expect(await service()).toMatchObject({ status: "stopped", host_id: hostB.hostId });
  });

  let hostBAgain: Instance;
  await test.step("B killed and started again with its host id and data dir adopts the running service, and takes A's stop", async () => {
    await json(await act(hostB, "start"), 200);
    const { pid, id } = await service();
    serviceGroups.add(pid);
    await killInstance(hostB);
    hostBAgain = await startInstance("runtime-b-again", { SWITCHBOARD_HOST_ID: hostB.hostId, DATA_DIR: hostB.dataDir });
    instances.push(hostBAgain);
    expect(await service()).toMatchObject({ host_id: hostB.hostId, status: "running", pid });
    expect(await answers(port)).toBe("up");
    const stopped = await json(await act(null, "stop"), 200);
    expect(stopped.operation).toMatchObject({ status: "succeeded" });
    await waitFor(() => groupMembers(pid).length === 0, "the adopted service's process group to exit");
    expect((await stopOperations(id)).map((operation) => operation.status)).toEqual(["succeeded", "succeeded"]);
  });

  await test.step("with B killed for good, a stop through A succeeds at once saying B is not running, and signals nothing", async () => {
    await json(await act(hostBAgain, "start"), 200);
    const { pid, id } = await service();
    serviceGroups.add(pid);
    await killInstance(hostBAgain);
    const stopped = await json(await act(null, "stop"), 200);
    expect(stopped.operation).toMatchObject({ phase: "service_stop", status: "succeeded" });
    const reason = `host "${hostB.hostId}" is not running; if its process still runs on that machine it was not signalled`;
    expect(stopped.operation.stdoutExcerpt).toContain(reason);
    expect(await service()).toMatchObject({ status: "stopped", health_status: "unknown", host_id: hostB.hostId });
    expect((await sql.query("SELECT last_error FROM workspace_runtime_services WHERE id = $1", [id])).rows[0].last_error).toBe(reason);
    // Its process was B's to signal: it still runs (afterAll ends it, as an operator on that machine would).
    expect(groupMembers(pid).length).toBeGreaterThan(0);
    expect(await answers(port)).toBe("up");
  });

  await test.step("an instance with the host id of a running one refuses to start, naming SWITCHBOARD_HOST_ID", async () => {
    // The launcher's server sets no host id, so it holds the hostname.
    const launcherHost = process.env.SWITCHBOARD_HOST_ID ?? os.hostname();
    const twin = await startInstance("runtime-twin", { SWITCHBOARD_HOST_ID: launcherHost }, { waitForHealth: false });
    instances.push(twin);
    await twin.exited;
    // The exit code that tells `npm start`'s launcher not to restart it for ever.
    expect(twin.child.exitCode).toBe(SERVER_REFUSED_EXIT_CODE);
    expect(twin.output()).toContain(`Another running instance uses host id "${launcherHost}"`);
    expect(twin.output()).toContain("give each instance its own SWITCHBOARD_HOST_ID");
  });
});
