import { describe, expect, it } from "vitest";
import * as agentKeysRoute from "@/app/api/agents/[id]/keys/route";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as agentsMeRoute from "@/app/api/agents/me/route";
import * as boardKeyRoute from "@/app/api/board-api-keys/[keyId]/route";
import * as boardKeysRoute from "@/app/api/board-api-keys/route";
import * as companyAgentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as companyRoute from "@/app/api/companies/[companyId]/route";
import * as companiesRoute from "@/app/api/companies/route";
import * as healthRoute from "@/app/api/health/route";
import * as meRoute from "@/app/api/me/route";
import { db } from "@/lib/db/client";
import { waitFor } from "./support/wait";
import { callRoute, seedAgent, seedCompany, seedUser, sessionCookie } from "./support/fixtures";

describe("API conventions", () => {
  it("GET /api/health — public, reports the database and migrations", async () => {
    const res = await callRoute(healthRoute.GET, "GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", database: { status: "ok" }, migrations: { pending: [] } });
    expect(res.headers.get("x-request-id")).toMatch(/[0-9a-f-]{36}/);
  });

  it("every response carries a request id, echoing a sane incoming one", async () => {
    const res = await callRoute(companiesRoute.GET, "GET", "/api/companies", { headers: { "x-request-id": "trace-123" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("trace-123");
    expect(res.json.requestId).toBe("trace-123");
  });

  it("401 problem+json without credentials, with Paperclip's error string", async () => {
    const res = await callRoute(meRoute.GET, "GET", "/api/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Object.keys(res.json).sort()).toEqual(["code", "detail", "error", "requestId", "status", "title", "type"]);
    expect(res.json.error).toBe(res.json.detail);
  });

  it("POST /api/companies — 400 names every bad field at once, and stores nothing; unknown keys are named in the ignored-fields header (Paperclip has this route)", async () => {
    const { token } = await seedUser({ admin: true });
    const before = await db.company.count();
    const res = await callRoute(companiesRoute.POST, "POST", "/api/companies", {
      token,
      body: { name: 42, budgetMonthlyCents: -1, color: "red", extra: true },
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("validation_failed");
    expect(res.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["body.budgetMonthlyCents", "body.name"]);
    expect(res.headers.get("x-switchboard-ignored-fields")).toBe("color, extra");
    expect(await db.company.count()).toBe(before);
  });

  it("400 on malformed JSON and on a non-UUID path id", async () => {
    const { token } = await seedUser({ admin: true });
    const malformed = await callRoute(companiesRoute.POST, "POST", "/api/companies", { token, rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe("invalid_json");
    const badId = await callRoute(companyRoute.GET, "GET", "/api/companies/nope", { token, params: { companyId: "nope" } });
    expect(badId.status).toBe(400);
    expect(badId.json.invalid_params[0].name).toBe("params.companyId");
  });

  it("413 when the body exceeds the limit", async () => {
    const { token } = await seedUser({ admin: true });
    const res = await callRoute(companiesRoute.POST, "POST", "/api/companies", { token, body: { name: "x".repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(res.json.code).toBe("payload_too_large");
  });

  it("429 with Retry-After once a key exhausts its bucket", async () => {
    process.env.RATE_LIMIT_BURST = "5";
    process.env.RATE_LIMIT_PER_SECOND = "0.5";
    (globalThis as { switchboardLimiter?: unknown }).switchboardLimiter = undefined;
    try {
      const { token } = await seedUser({ admin: true });
      const statuses: number[] = [];
      let last = null as Awaited<ReturnType<typeof callRoute>> | null;
      for (let i = 0; i < 7; i += 1) {
        last = await callRoute(meRoute.GET, "GET", "/api/me", { token });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const other = await seedUser({ admin: true });
      expect((await callRoute(meRoute.GET, "GET", "/api/me", { token: other.token })).status).toBe(200);
    } finally {
      delete process.env.RATE_LIMIT_BURST;
      delete process.env.RATE_LIMIT_PER_SECOND;
      (globalThis as { switchboardLimiter?: unknown }).switchboardLimiter = undefined;
    }
  });
});

describe("authentication", () => {
  it("a Bearer header never falls back to the session cookie", async () => {
    const { user } = await seedUser({ admin: true });
    const cookie = await sessionCookie(user.id);
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { cookie })).status).toBe(200);
    const res = await callRoute(meRoute.GET, "GET", "/api/me", { cookie, token: "pcp_board_" + "0".repeat(48) });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe("invalid_api_key");
  });

  it("revoked board keys stop working at once; lastUsedAt is kept; tokens are stored hashed", async () => {
    const { user } = await seedUser({ admin: true });
    const cookie = await sessionCookie(user.id);
    const created = await callRoute(boardKeysRoute.POST, "POST", "/api/board-api-keys", {
      cookie,
      headers: { origin: "http://localhost:3000" },
      body: { name: "ci" },
    });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^pcp_board_[0-9a-f]{48}$/);
    expect(Object.keys(created.json).sort()).toEqual([
      "createdAt",
      "expiresAt",
      "id",
      "keyPrefix",
      "lastUsedAt",
      "name",
      "requestedCompanyId",
      "revokedAt",
      "token",
    ]);
    const stored = await db.boardApiKey.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(JSON.stringify(stored)).not.toContain(created.json.token);

    expect((await callRoute(meRoute.GET, "GET", "/api/me", { token: created.json.token })).status).toBe(200);
    // lastUsedAt is written after the answer, off the request's path: wait for it rather than race it.
    await waitFor(async () => (await db.boardApiKey.findUniqueOrThrow({ where: { id: created.json.id } })).lastUsedAt !== null, "lastUsedAt to be recorded");

    const list = await callRoute(boardKeysRoute.GET, "GET", "/api/board-api-keys", { cookie });
    expect(list.json.map((k: { id: string }) => k.id)).toContain(created.json.id);
    expect(JSON.stringify(list.json)).not.toContain(created.json.token);

    const revoked = await callRoute(boardKeyRoute.DELETE, "DELETE", `/api/board-api-keys/${created.json.id}`, {
      cookie,
      headers: { origin: "http://localhost:3000" },
      params: { keyId: created.json.id },
    });
    expect(revoked.json).toEqual({ ok: true, keyId: created.json.id });
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { token: created.json.token })).status).toBe(401);
    const audit = await db.activityLog.findMany({ where: { entityId: created.json.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((row) => [row.action, row.actorId, row.companyId])).toEqual([
      ["board_key.created", user.id, null],
      ["board_key.revoked", user.id, null],
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.json.token);
  });

  it("disabled users lose access on their next request, by cookie or key", async () => {
    const { user, token } = await seedUser({ admin: true });
    const cookie = await sessionCookie(user.id);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { cookie })).status).toBe(401);
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { token })).status).toBe(401);
  });

  it("cookie mutations need a same-origin Origin and JSON; Bearer mutations don't", async () => {
    const { user, token } = await seedUser({ admin: true });
    const cookie = await sessionCookie(user.id);
    const noOrigin = await callRoute(companiesRoute.POST, "POST", "/api/companies", { cookie, body: { name: "A" } });
    expect([noOrigin.status, noOrigin.json.code]).toEqual([403, "origin_mismatch"]);
    const foreign = await callRoute(companiesRoute.POST, "POST", "/api/companies", {
      cookie,
      headers: { origin: "https://evil.example" },
      body: { name: "A" },
    });
    expect(foreign.status).toBe(403);
    const form = await callRoute(companiesRoute.POST, "POST", "/api/companies", {
      cookie,
      headers: { origin: "http://localhost:3000", "content-type": "text/plain" },
      rawBody: '{"name":"A"}',
    });
    expect(form.status).toBe(415);
    expect(
      (await callRoute(companiesRoute.POST, "POST", "/api/companies", { cookie, headers: { origin: "http://localhost:3000" }, body: { name: "Same Origin" } }))
        .status,
    ).toBe(201);
    expect((await callRoute(companiesRoute.POST, "POST", "/api/companies", { token, body: { name: "By Key" } })).status).toBe(201);
  });

  it("agent keys authenticate as the agent; GET /api/agents/me needs an agent", async () => {
    const company = await seedCompany();
    const { agent, token } = await seedAgent(company.id);
    const me = await callRoute(agentsMeRoute.GET, "GET", "/api/agents/me", { token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: agent.id, companyId: company.id, chainOfCommand: [] });
    const board = await seedUser({ admin: true });
    expect((await callRoute(agentsMeRoute.GET, "GET", "/api/agents/me", { token: board.token })).status).toBe(401);
  });

  it("terminated agents' keys do not authenticate", async () => {
    const company = await seedCompany();
    const { token } = await seedAgent(company.id, { status: "terminated" });
    expect((await callRoute(agentsMeRoute.GET, "GET", "/api/agents/me", { token })).status).toBe(401);
  });
});

describe("agent keys", () => {
  it("POST /api/agents/:id/keys — token once, list without secrets, revoke stops it", async () => {
    const company = await seedCompany();
    const { token: boardToken } = await seedUser({ memberships: { [company.id]: "operator" } });
    const created = await callRoute(companyAgentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, {
      token: boardToken,
      params: { companyId: company.id },
      body: { name: "Builder Bot", role: "engineer" },
    });
    expect(created.status).toBe(201);
    expect(created.json.urlKey).toBe("builder-bot");
    const agentId = created.json.id;
    const key = await callRoute(agentKeysRoute.POST, "POST", `/api/agents/${agentId}/keys`, {
      token: boardToken,
      params: { id: agentId },
      body: { name: "laptop" },
    });
    expect(key.status).toBe(201);
    expect(Object.keys(key.json).sort()).toEqual(["createdAt", "id", "keyPrefix", "name", "token"]);
    const list = await callRoute(agentKeysRoute.GET, "GET", `/api/agents/${agentId}/keys`, { token: boardToken, params: { id: agentId } });
    expect(Object.keys(list.json[0]).sort()).toEqual(["createdAt", "id", "keyPrefix", "lastUsedAt", "name", "revokedAt"]);
    expect((await callRoute(agentsMeRoute.GET, "GET", "/api/agents/me", { token: key.json.token })).json.id).toBe(agentId);
    const { DELETE } = await import("@/app/api/agents/[id]/keys/[keyId]/route");
    const revoke = await callRoute(DELETE, "DELETE", `/api/agents/${agentId}/keys/${key.json.id}`, {
      token: boardToken,
      params: { id: agentId, keyId: key.json.id },
    });
    expect(revoke.json).toEqual({ ok: true });
    expect((await callRoute(agentsMeRoute.GET, "GET", "/api/agents/me", { token: key.json.token })).status).toBe(401);
  });

  it("agents manage only their own keys", async () => {
    const company = await seedCompany();
    const first = await seedAgent(company.id);
    const second = await seedAgent(company.id);
    const res = await callRoute(agentKeysRoute.POST, "POST", `/api/agents/${second.agent.id}/keys`, {
      token: first.token,
      params: { id: second.agent.id },
      body: {},
    });
    expect(res.status).toBe(403);
    const own = await callRoute(agentKeysRoute.POST, "POST", `/api/agents/${first.agent.id}/keys`, {
      token: first.token,
      params: { id: first.agent.id },
      body: {},
    });
    expect(own.status).toBe(201);
    expect(own.json.name).toBe("default");
  });

  it("serialized agents never leak key material", async () => {
    const company = await seedCompany();
    const { agent, token } = await seedAgent(company.id);
    const res = await callRoute(agentRoute.GET, "GET", `/api/agents/${agent.id}`, { token, params: { id: agent.id } });
    expect(Object.keys(res.json).sort()).toEqual(
      [
        "adapterConfig",
        "adapterType",
        "budgetMonthlyCents",
        "capabilities",
        "chainOfCommand",
        "companyId",
        "createdAt",
        "defaultEnvironmentId",
        "icon",
        "id",
        "lastHeartbeatAt",
        "metadata",
        "name",
        "pauseReason",
        "pausedAt",
        "permissions",
        "reportsTo",
        "role",
        "runtimeConfig",
        "spentMonthlyCents",
        "status",
        "title",
        "updatedAt",
        "urlKey",
      ].sort(),
    );
  });
});
