// The runtime supervisor across a crash: services run in their own process groups and write straight to their log
// files, so a `kill -9` of the app leaves them running; the next boot adopts the live ones and marks the dead ones
// stopped. Real launcher, real processes.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/net";
import { mintBoardKey } from "@/scripts/lib/remote-server";
import { ADMIN, databaseOnTestServer, launch, stop, waitForHealth, type Launch } from "./support/launcher";
import { waitFor } from "./support/wait";
import { gitRepo, httpText, liveGroupMembers, serviceOn } from "./support/workspaces";

describe("runtime supervisor across a crash", () => {
  it("adopts services still running after kill -9 of the app, and marks the ones that died meanwhile stopped", async () => {
    const env = {
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchboard-restart-")),
      DATABASE_URL: await databaseOnTestServer(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SWITCHBOARD_SCHEDULER: "off",
    };
    const first = await launch(env);
    await waitForHealth(first);
    const base = `http://localhost:${first.port}`;
    const token = await mintBoardKey(base, ADMIN, "restart");
    const call = async (handle: Launch, method: string, url: string, body?: unknown) => {
      const response = await fetch(`http://localhost:${handle.port}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    };
    const company = (await call(first, "POST", "/api/companies", { name: "Crashy" })).json;
    const project = (await call(first, "POST", `/api/companies/${company.id}/projects`, { name: "Site" })).json;
    const [keeperPort, gonerPort] = [await findFreePort(), await findFreePort()];
    const created = await call(first, "POST", `/api/projects/${project.id}/workspaces`, {
      name: "main",
      cwd: gitRepo(),
      runtimeConfig: { workspaceRuntime: { commands: [serviceOn("keeper", keeperPort), serviceOn("goner", gonerPort)] } },
    });
    expect(created.status).toBe(201);
    const workspacePath = `/api/projects/${project.id}/workspaces/${created.json.id}`;
    const started = await call(first, "POST", `${workspacePath}/runtime-services/start`, {});
    expect(started.json.operations.map((op: { status: string }) => op.status)).toEqual(["succeeded", "succeeded"]);
    const pidOf = (workspace: { runtimeServices: { serviceName: string; providerRef: string }[] }, name: string) =>
      Number(workspace.runtimeServices.find((s) => s.serviceName === name)!.providerRef);
    const keeperPid = pidOf(started.json.workspace, "keeper");
    const gonerPid = pidOf(started.json.workspace, "goner");

    // Crash: the launcher and Next die at once, with no chance to clean up.
    process.kill(-first.child.pid!, "SIGKILL");
    await first.exited;
    expect(await httpText(keeperPort)).toBe("keeper");
    process.kill(-gonerPid, "SIGKILL");
    await waitFor(() => liveGroupMembers(gonerPid).length === 0, `process group ${gonerPid} to have no live members`);

    const second = await launch(env);
    await waitForHealth(second);
    const after = (await call(second, "GET", workspacePath)).json;
    const keeper = after.runtimeServices.find((s: { serviceName: string }) => s.serviceName === "keeper");
    const goner = after.runtimeServices.find((s: { serviceName: string }) => s.serviceName === "goner");
    expect(keeper).toMatchObject({ status: "running", providerRef: String(keeperPid) });
    expect(goner).toMatchObject({ status: "stopped", lastError: "Not running when the server restarted" });
    expect(await httpText(keeperPort)).toBe("keeper");

    // The adopted service is fully under control again: a stop ends its whole group.
    const stopped = await call(second, "POST", `${workspacePath}/runtime-services/stop`, { workspaceCommandId: "keeper" });
    expect(stopped.json.operation).toMatchObject({ phase: "service_stop", status: "succeeded" });
    expect(liveGroupMembers(keeperPid)).toEqual([]);
    expect(await stop(second)).toBe(0);
  }, 400_000);
});
