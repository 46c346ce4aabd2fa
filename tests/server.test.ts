// The HTTP server in front of Next (scripts/server.ts) and the launcher that supervises it, over real sockets: the
// edge answers what Next would answer badly in problem+json, a `kill -9` of the server is survived with PostgreSQL
// and workspace services untouched, and SIGTERM drains (in-flight requests finish, newcomers get 503).
import { readFileSync, existsSync, mkdtempSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, postmasterPid } from "@/lib/db/embedded";
import { findFreePort } from "@/lib/net";
import { mintBoardKey, signIn } from "@/scripts/lib/remote-server";
import { ADMIN, launch, stop, waitForHealth, type Launch } from "./support/launcher";
import { waitFor } from "./support/wait";
import { gitRepo, httpText, serviceOn } from "./support/workspaces";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; localPort: number };

/** One request with the path sent byte for byte (fetch would normalise `%2e%2e` away). */
function send(port: number, options: http.RequestOptions & { body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, ...options }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body, localPort: request.socket!.localPort! }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

/** Writes `text` on a fresh socket and collects everything until the server closes it. */
function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (received += chunk));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
}

function expectProblem(answer: Answer, status: number, code: string) {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers["content-type"]).toBe("application/problem+json");
  const problem = JSON.parse(answer.body);
  expect(problem).toMatchObject({ type: `https://switchboard.dev/problems/${code}`, status, code, requestId: expect.any(String) });
  expect(problem.error).toBe(problem.detail);
  return problem;
}

describe("the server in front of Next, under the launcher", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-server-"));
  let board: Launch;
  let token: string;
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${board.port}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  beforeAll(async () => {
    board = await launch({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SWITCHBOARD_SCHEDULER: "off" });
    await waitForHealth(board);
    // The launcher's public URL is http://localhost:PORT, and a session's writes must come from that origin.
    token = await mintBoardKey(`http://localhost:${board.port}`, ADMIN, "server");
  }, 300_000);

  afterAll(async () => {
    if (board.child.exitCode === null) await stop(board);
  }, 30_000);

  it("GET /api/health with 100 KB of headers — 431 headers_too_large with a problem body", async () => {
    const answer = await send(board.port, { path: "/api/health", headers: { "x-padding": "a".repeat(100_000) } });
    expectProblem(answer, 431, "headers_too_large");
  });

  it("a request that is not HTTP — 400 bad_request with a problem body", async () => {
    const received = await sendRaw(board.port, "GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(received).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(received.slice(received.indexOf("\r\n\r\n") + 4))).toMatchObject({ status: 400, code: "bad_request" });
  });

  it("GET /api/… with a segment that does not decode, decodes to .., or holds NUL — 400 invalid_path naming it", async () => {
    for (const [rawPath, segment] of [
      ["/api/companies/%ff%fe", "%ff%fe"],
      ["/api/%2e%2e/login", "%2e%2e"],
      ["/api/companies/%2E%2E/agents", "%2E%2E"],
      ["/api/issues/a%00b", "a%00b"],
    ]) {
      const problem = expectProblem(await send(board.port, { path: rawPath }), 400, "invalid_path");
      expect(problem.invalid_params).toEqual([{ name: "path", reason: expect.stringContaining(`"${segment}"`) }]);
    }
  });

  it("any method on an unknown /api path — 404 route_not_found", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const problem = expectProblem(await send(board.port, { method, path: "/api/no-such-thing/123" }), 404, "route_not_found");
      expect(problem.detail).toBe("No API route at /api/no-such-thing/123");
    }
  });

  it("DELETE /api/health and PUT /api/companies/:id — 405 method_not_allowed with Allow", async () => {
    const health = await send(board.port, { method: "DELETE", path: "/api/health" });
    expect(expectProblem(health, 405, "method_not_allowed").details).toEqual({ allow: ["GET", "HEAD", "OPTIONS"] });
    expect(health.headers.allow).toBe("GET, HEAD, OPTIONS");
    const company = await send(board.port, { method: "PUT", path: "/api/companies/00000000-0000-4000-8000-000000000000" });
    expectProblem(company, 405, "method_not_allowed");
    expect(company.headers.allow).toBe("DELETE, GET, HEAD, OPTIONS, PATCH");
  });

  it("POST /api/companies with a session, a foreign Origin and a forged X-Forwarded-Host — 403 origin_mismatch", async () => {
    const session = await signIn(`http://127.0.0.1:${board.port}`, ADMIN);
    const body = JSON.stringify({ name: "Forged Inc" });
    const forged = await send(board.port, {
      method: "POST",
      path: "/api/companies",
      headers: {
        cookie: session,
        "content-type": "application/json",
        origin: "http://evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "http",
        "x-forwarded-for": "6.6.6.6",
      },
      body,
    });
    expectProblem(forged, 403, "origin_mismatch");
    expect((await call("GET", "/api/companies")).json.map((c: { name: string }) => c.name)).not.toContain("Forged Inc");
  });

  it("kill -9 of the server: the launcher restarts it within 30 s; PostgreSQL, data and workspace services carry on", async () => {
    const company = (await call("POST", "/api/companies", { name: "Survivor Inc" })).json;
    const project = (await call("POST", `/api/companies/${company.id}/projects`, { name: "Site" })).json;
    const keeperPort = await findFreePort();
    const workspace = await call("POST", `/api/projects/${project.id}/workspaces`, {
      name: "main",
      cwd: gitRepo(),
      runtimeConfig: { workspaceRuntime: { commands: [serviceOn("keeper", keeperPort)] } },
    });
    expect(workspace.status).toBe(201);
    const workspacePath = `/api/projects/${project.id}/workspaces/${workspace.json.id}`;
    const started = await call("POST", `${workspacePath}/runtime-services/start`, {});
    expect(started.json.operations.map((op: { status: string }) => op.status)).toEqual(["succeeded"]);
    const keeperPid = started.json.workspace.runtimeServices[0].providerRef;

    const postmaster = postmasterPid(path.join(dataDir, "pg"))!;
    const serverPid = Number(readFileSync(path.join(dataDir, "server.pid"), "utf8"));
    expect(board.output()).toContain(`server pid ${serverPid}`);
    process.kill(serverPid, "SIGKILL");
    await waitFor(() => board.output().includes("server exited unexpectedly (signal SIGKILL)"), "the launcher to notice the crash");
    const restartedPid = await waitFor(
      async () => {
        const pid = Number(readFileSync(path.join(dataDir, "server.pid"), "utf8"));
        if (pid === serverPid) return null;
        const health = await fetch(`http://127.0.0.1:${board.port}/api/health`).catch(() => null);
        return health?.status === 200 ? pid : null;
      },
      "the restarted server to answer /api/health",
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(isAlive(serverPid)).toBe(false);
    expect(isAlive(restartedPid)).toBe(true);
    expect(board.child.exitCode).toBeNull();
    expect(postmasterPid(path.join(dataDir, "pg"))).toBe(postmaster);
    expect(isAlive(postmaster)).toBe(true);

    // The key, the company and the running service all outlived the server process.
    expect((await call("GET", "/api/companies")).json.map((c: { name: string }) => c.name)).toContain("Survivor Inc");
    const after = (await call("GET", workspacePath)).json;
    expect(after.runtimeServices[0]).toMatchObject({ serviceName: "keeper", status: "running", providerRef: keeperPid });
    expect(await httpText(keeperPort)).toBe("keeper");
    const stopped = await call("POST", `${workspacePath}/runtime-services/stop`, { workspaceCommandId: "keeper" });
    expect(stopped.json.operation).toMatchObject({ phase: "service_stop", status: "succeeded" });
  }, 120_000);

  it("SIGTERM: an in-flight request finishes, a request on an open keep-alive connection gets 503, then everything stops", async () => {
    const postmaster = postmasterPid(path.join(dataDir, "pg"))!;
    // In flight: the request has reached the server (it answered 100 Continue) and waits for its body.
    const body = JSON.stringify({ name: "Drained Inc" });
    const inFlight = net.connect(board.port, "127.0.0.1");
    let inFlightReceived = "";
    inFlight.setEncoding("utf8");
    inFlight.on("data", (chunk) => (inFlightReceived += chunk));
    const inFlightClosed = new Promise((resolve) => inFlight.on("close", resolve));
    inFlight.write(
      `POST /api/companies HTTP/1.1\r\nHost: 127.0.0.1:${board.port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await waitFor(() => inFlightReceived.includes("HTTP/1.1 100 Continue"), "the server to take the request");

    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = await send(board.port, { path: "/api/health", agent: keepAlive });
    expect(before.status).toBe(200);

    board.child.kill("SIGTERM");
    await waitFor(() => /SIGTERM: server draining 1 in-flight request/.test(board.output()), "the server to start draining");

    const during = await send(board.port, { path: "/api/health", agent: keepAlive });
    expect(during.localPort).toBe(before.localPort);
    expectProblem(during, 503, "shutting_down");
    expect(during.headers["retry-after"]).toBe("5");

    inFlight.write(body);
    await inFlightClosed;
    expect(inFlightReceived).toMatch(/HTTP\/1\.1 201 Created/);
    expect(inFlightReceived).toContain('"name":"Drained Inc"');

    expect(await board.exited).toBe(0);
    expect(isAlive(postmaster)).toBe(false);
    expect(existsSync(path.join(dataDir, "switchboard.pid"))).toBe(false);
    expect(existsSync(path.join(dataDir, "server.pid"))).toBe(false);
    keepAlive.destroy();
  }, 60_000);
});
