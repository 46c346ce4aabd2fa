// Hostile callers at the API's edges: cookies kept after sign-out, forged forwarding headers, floods without valid
// credentials, and company owners probing for users outside their company.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as invitationRoute from "@/app/api/companies/[companyId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/companies/[companyId]/invitations/route";
import * as membersRoute from "@/app/api/companies/[companyId]/members/route";
import * as companiesRoute from "@/app/api/companies/route";
import * as healthRoute from "@/app/api/health/route";
import * as meRoute from "@/app/api/me/route";
import * as openApiRoute from "@/app/api/openapi.json/route";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db/client";
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { BASE_URL, callRoute, seedCompany, seedUser, sessionCookie } from "./support/fixtures";

const signOut = authOptions.events!.signOut as (message: { token: Record<string, unknown> }) => Promise<void>;
type JwtCallback = (params: { token: Record<string, unknown>; user?: { id: string; email: string } }) => Promise<Record<string, unknown>>;
const jwt = authOptions.callbacks!.jwt as unknown as JwtCallback;

/** Limiters read their settings when first used; dropping them applies stubbed settings. */
const resetLimiters = () => ((globalThis as { switchboardNamedLimiters?: unknown }).switchboardNamedLimiters = undefined);

/** POST /api/companies/:id/members, as the holder of `token`. */
const add = (token: string, companyId: string, body: Record<string, unknown>) =>
  callRoute(membersRoute.POST, "POST", `/api/companies/${companyId}/members`, { token, params: { companyId }, body });

afterEach(() => {
  vi.unstubAllEnvs();
  resetLimiters();
});

describe("sessions end at sign-out", () => {
  it("GET /api/me — a session cookie copied before sign-out is 401 after it", async () => {
    const { user } = await seedUser();
    const cookie = await sessionCookie(user.id);
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { cookie })).status).toBe(200);
    const sid = (await db.userSession.findFirstOrThrow({ where: { userId: user.id } })).id;
    await signOut({ token: { sub: user.id, sid } });
    const after = await callRoute(meRoute.GET, "GET", "/api/me", { cookie });
    expect([after.status, after.json.code]).toEqual([401, "unauthorized"]);
  });

  it("GET /api/me — a JWT minted before sessions were recorded (no sid) or naming another user's session is 401", async () => {
    const { user } = await seedUser();
    const other = await seedUser();
    const legacy = await encode({ token: { sub: user.id }, secret: process.env.NEXTAUTH_SECRET! });
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { cookie: `next-auth.session-token=${legacy}` })).status).toBe(401);
    const othersSid = (await jwt({ token: {}, user: { id: other.user.id, email: other.user.email } })).sid;
    const borrowed = await encode({ token: { sub: user.id, sid: othersSid }, secret: process.env.NEXTAUTH_SECRET! });
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { cookie: `next-auth.session-token=${borrowed}` })).status).toBe(401);
  });
});

describe("same-origin check", () => {
  const create = (cookie: string, headers: Record<string, string>) =>
    callRoute(companiesRoute.POST, "POST", "/api/companies", { cookie, headers, body: { name: "Origin" } });

  it("POST /api/companies — a foreign Origin with a forged X-Forwarded-Host is 403 origin_mismatch, with or without NEXTAUTH_URL", async () => {
    const { user } = await seedUser({ admin: true });
    const cookie = await sessionCookie(user.id);
    const forged = { origin: "https://evil.example", "x-forwarded-host": "evil.example", host: "localhost:3000" };
    const refused = await create(cookie, forged);
    expect([refused.status, refused.json.code]).toEqual([403, "origin_mismatch"]);
    vi.stubEnv("NEXTAUTH_URL", "http://board.example.com:8080");
    const forgedAgain = await create(cookie, { ...forged, "x-forwarded-host": "board.example.com:8080" });
    expect([forgedAgain.status, forgedAgain.json.code]).toEqual([403, "origin_mismatch"]);
  });

  it("POST /api/companies — with NEXTAUTH_URL set, only its origin passes: not the Host, not another scheme", async () => {
    const { user } = await seedUser({ admin: true });
    const cookie = await sessionCookie(user.id);
    // http, because next-auth reads the __Secure- cookie when the public URL is https.
    vi.stubEnv("NEXTAUTH_URL", "http://board.example.com:8080/");
    expect((await create(cookie, { origin: BASE_URL, host: "localhost:3000" })).status).toBe(403);
    expect((await create(cookie, { origin: "https://board.example.com:8080" })).status).toBe(403);
    expect((await create(cookie, { origin: "null" })).status).toBe(403);
    expect((await create(cookie, { origin: "http://board.example.com:8080" })).status).toBe(201);
  });
});

describe("callers without valid credentials are limited per IP", () => {
  it("GET /api/me — an unauthenticated flood from one IP → 429 rate_limited with Retry-After; other IPs and valid keys go on", async () => {
    // A small budget that barely refills, so the count does not depend on how fast the requests run.
    vi.stubEnv("RATE_LIMIT_UNAUTHENTICATED_BURST", "10");
    vi.stubEnv("RATE_LIMIT_UNAUTHENTICATED_PER_SECOND", "0.01");
    resetLimiters();
    const flooder = { "x-forwarded-for": "203.0.113.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      // No credentials and a key nobody issued count alike.
      const headers = i % 2 ? { ...flooder, authorization: `Bearer pcp_board_${"0".repeat(48)}` } : flooder;
      statuses.push((await callRoute(meRoute.GET, "GET", "/api/me", { headers })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(4).fill(429)]);
    const limited = await callRoute(meRoute.GET, "GET", "/api/me", { headers: flooder });
    expect([limited.status, limited.json.code, limited.headers.get("content-type")]).toEqual([429, "rate_limited", "application/problem+json"]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    expect((await callRoute(meRoute.GET, "GET", "/api/me", { headers: { "x-forwarded-for": "203.0.113.8" } })).status).toBe(401);
    const { token } = await seedUser();
    expect((await callRoute(meRoute.GET, "GET", "/api/me", { token, headers: flooder })).status).toBe(200);
    // Public routes do not count callers without credentials: launchers poll health.
    expect((await callRoute(healthRoute.GET, "GET", "/api/health", { headers: flooder })).status).toBe(200);
  });

  it("authenticated requests never spend the per-IP budget", async () => {
    vi.stubEnv("RATE_LIMIT_UNAUTHENTICATED_BURST", "2");
    vi.stubEnv("RATE_LIMIT_UNAUTHENTICATED_PER_SECOND", "0.01");
    resetLimiters();
    const { user, token } = await seedUser();
    const cookie = await sessionCookie(user.id);
    const address = { "x-forwarded-for": "203.0.113.9" };
    for (let i = 0; i < 10; i += 1) {
      expect((await callRoute(meRoute.GET, "GET", "/api/me", { token, headers: address })).status).toBe(200);
      expect((await callRoute(meRoute.GET, "GET", "/api/me", { cookie, headers: address })).status).toBe(200);
    }
    expect([
      (await callRoute(meRoute.GET, "GET", "/api/me", { headers: address })).status,
      (await callRoute(meRoute.GET, "GET", "/api/me", { headers: address })).status,
    ]).toEqual([401, 401]);
  });
});

describe("adding members by email", () => {
  const list = (token: string, companyId: string) =>
    callRoute(membersRoute.GET, "GET", `/api/companies/${companyId}/members`, { token, params: { companyId } });

  it("POST /api/companies/:id/members — an owner of A learns neither the name nor the existence of a user only in B", async () => {
    const [a, b] = [await seedCompany(), await seedCompany()];
    const ownerOfA = await seedUser({ memberships: { [a.id]: "owner" } });
    const onlyInB = await seedUser({ memberships: { [b.id]: "operator" } });
    const existing = await add(ownerOfA.token, a.id, { email: onlyInB.user.email, role: "viewer" });
    const unknown = await add(ownerOfA.token, a.id, { email: "nobody-at-all@example.com", role: "viewer" });
    expect(existing.status).toBe(202);
    expect(existing.json).toEqual({ email: onlyInB.user.email, role: "viewer", status: "invited" });
    expect([unknown.status, Object.keys(unknown.json).sort()]).toEqual([existing.status, Object.keys(existing.json).sort()]);
    const byId = await add(ownerOfA.token, a.id, { userId: onlyInB.user.id, role: "viewer" });
    expect([byId.status, byId.json]).toEqual([202, { userId: onlyInB.user.id, role: "viewer", status: "invited" }]);
    expect(JSON.stringify([existing.json, byId.json])).not.toContain(onlyInB.user.name);
    // Not a member until they sign in, so the member list does not show them either.
    expect((await list(ownerOfA.token, a.id)).json.map((m: { userId: string }) => m.userId)).toEqual([ownerOfA.user.id]);
  });

  it("the invitation becomes a membership when that user signs in; re-adding a member changes the role", async () => {
    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const invitee = await seedUser();
    expect((await add(owner.token, company.id, { email: invitee.user.email, role: "viewer" })).status).toBe(202);
    expect((await add(owner.token, company.id, { email: invitee.user.email, role: "operator" })).status).toBe(202);
    await jwt({ token: {}, user: { id: invitee.user.id, email: invitee.user.email } });
    expect((await list(owner.token, company.id)).json).toContainEqual(expect.objectContaining({ userId: invitee.user.id, role: "operator" }));
    expect(await db.companyInvitation.count({ where: { companyId: company.id } })).toBe(0);
    const audit = await db.activityLog.findMany({
      where: { companyId: company.id, action: { in: ["member.invited", "member.added"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => [row.action, row.actorType])).toEqual([
      ["member.invited", "user"],
      ["member.invited", "user"],
      ["member.added", "system"],
    ]);

    const promoted = await add(owner.token, company.id, { email: invitee.user.email, role: "owner" });
    expect([promoted.status, promoted.json]).toEqual([
      201,
      expect.objectContaining({ userId: invitee.user.id, name: invitee.user.name, role: "owner", status: "added" }),
    ]);
  });

  it("instance admins, who can list every user, still add at once and hear about unknown users", async () => {
    const company = await seedCompany();
    const admin = await seedUser({ admin: true });
    const user = await seedUser();
    const added = await add(admin.token, company.id, { email: user.user.email, role: "viewer" });
    expect([added.status, added.json.userId, added.json.status]).toEqual([201, user.user.id, "added"]);
    const unknown = await add(admin.token, company.id, { email: "nobody-here@example.com", role: "viewer" });
    expect([unknown.status, unknown.json.code]).toEqual([422, "unknown_user"]);
  });

  it("POST /api/companies/:id/members — by id or by email, a user who exists and one who does not leave the same answer and activity", async () => {
    const [a, b] = [await seedCompany(), await seedCompany()];
    const ownerOfA = await seedUser({ memberships: { [a.id]: "owner" } });
    const onlyInB = await seedUser({ memberships: { [b.id]: "operator" } });
    const unknownId = randomUUID();
    const asked = [
      { userId: onlyInB.user.id, role: "viewer" },
      { userId: unknownId, role: "viewer" },
      { email: onlyInB.user.email, role: "operator" },
      { email: "nobody-ever@example.com", role: "operator" },
    ];
    for (const body of asked) {
      const res = await add(ownerOfA.token, a.id, body);
      expect([res.status, res.json]).toEqual([202, { ...body, status: "invited" }]);
    }
    const entries = await db.activityLog.findMany({ where: { companyId: a.id, action: "member.invited" }, orderBy: { createdAt: "asc" } });
    expect(entries.map((entry) => [entry.entityType, entry.details])).toEqual(asked.map((body) => ["invitation", body]));
    // The id asked for is all the entry holds: the user's real email stays out of an activity log every member reads.
    expect(JSON.stringify(entries.slice(0, 2))).not.toContain(onlyInB.user.email);
    const stored = await db.companyInvitation.findMany({ where: { companyId: a.id }, orderBy: { createdAt: "asc" } });
    expect(stored.map((row) => [row.userId, row.email])).toEqual([
      [onlyInB.user.id, null],
      [unknownId, null],
      [null, onlyInB.user.email],
      [null, "nobody-ever@example.com"],
    ]);
  });

  it("POST /api/companies/:id/members — re-adding the last owner with another role is 409 last_owner, as PATCH is", async () => {
    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const admin = await seedUser({ admin: true });
    for (const token of [owner.token, admin.token]) {
      const res = await add(token, company.id, { userId: owner.user.id, role: "viewer" });
      expect([res.status, res.json.code]).toEqual([409, "last_owner"]);
    }
    expect((await db.companyMembership.findFirstOrThrow({ where: { companyId: company.id, userId: owner.user.id } })).role).toBe("owner");
  });

  it("GET /api/openapi.json — adding a member documents both 201 (added) and 202 (invited)", async () => {
    const { json } = await callRoute(openApiRoute.GET, "GET", "/api/openapi.json");
    expect(Object.keys(json.paths["/api/companies/{companyId}/members"].post.responses)).toEqual(expect.arrayContaining(["201", "202"]));
  });
});

describe("invitations", () => {
  const listInvitations = (token: string, companyId: string) =>
    callRoute(invitationsRoute.GET, "GET", `/api/companies/${companyId}/invitations`, { token, params: { companyId } });
  const cancel = (token: string, companyId: string, invitationId: string) =>
    callRoute(invitationRoute.DELETE, "DELETE", `/api/companies/${companyId}/invitations/${invitationId}`, {
      token,
      params: { companyId, invitationId },
    });
  const signIn = (user: { id: string; email: string }) => jwt({ token: {}, user: { id: user.id, email: user.email } });
  const roleIn = async (companyId: string, userId: string) => (await db.companyMembership.findFirst({ where: { companyId, userId } }))?.role ?? null;

  it("an invitation by id becomes a membership at sign-in; an expired one grants nothing and is dropped", async () => {
    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const [byId, late] = [await seedUser(), await seedUser()];
    expect((await add(owner.token, company.id, { userId: byId.user.id, role: "operator" })).status).toBe(202);
    expect((await add(owner.token, company.id, { email: late.user.email, role: "operator" })).status).toBe(202);
    await db.companyInvitation.updateMany({ where: { companyId: company.id, email: late.user.email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await signIn(byId.user);
    await signIn(late.user);
    expect([await roleIn(company.id, byId.user.id), await roleIn(company.id, late.user.id)]).toEqual(["operator", null]);
    expect(await db.companyInvitation.count({ where: { companyId: company.id } })).toBe(0);
  });

  it("an invitation whose inviter is no longer an owner grants nothing at sign-in", async () => {
    const company = await seedCompany();
    const [inviter, otherOwner] = [await seedUser({ memberships: { [company.id]: "owner" } }), await seedUser({ memberships: { [company.id]: "owner" } })];
    const invitee = await seedUser();
    expect((await add(inviter.token, company.id, { email: invitee.user.email, role: "owner" })).status).toBe(202);
    const demoted = await add(otherOwner.token, company.id, { userId: inviter.user.id, role: "viewer" });
    expect([demoted.status, demoted.json.role]).toEqual([201, "viewer"]);
    await signIn(invitee.user);
    expect(await roleIn(company.id, invitee.user.id)).toBeNull();
    expect(await db.companyInvitation.count({ where: { companyId: company.id } })).toBe(0);
  });

  it("GET and DELETE /api/companies/:id/invitations — owners list and cancel; other members get 403, other companies 404", async () => {
    const [a, b] = [await seedCompany(), await seedCompany()];
    const owner = await seedUser({ memberships: { [a.id]: "owner" } });
    const operator = await seedUser({ memberships: { [a.id]: "operator" } });
    const ownerOfB = await seedUser({ memberships: { [b.id]: "owner" } });
    const invitee = await seedUser();
    await add(owner.token, a.id, { userId: invitee.user.id, role: "viewer" });
    await add(owner.token, a.id, { email: "someone-new@example.com", role: "operator" });
    const listed = await listInvitations(owner.token, a.id);
    expect(listed.status).toBe(200);
    expect(listed.json.map((row: Record<string, unknown>) => Object.keys(row).sort())).toEqual([
      ["expiresAt", "id", "invitedAt", "role", "userId"],
      ["email", "expiresAt", "id", "invitedAt", "role"],
    ]);
    const [byId, byEmail] = listed.json;
    expect([byId.userId, byId.role, byEmail.email, byEmail.role]).toEqual([invitee.user.id, "viewer", "someone-new@example.com", "operator"]);
    expect(Date.parse(byId.expiresAt) - Date.parse(byId.invitedAt)).toBe(14 * 24 * 60 * 60 * 1000);

    const refused = [
      await listInvitations(operator.token, a.id),
      await cancel(operator.token, a.id, byId.id),
      await listInvitations(ownerOfB.token, a.id),
      await cancel(ownerOfB.token, a.id, byId.id),
      await cancel(ownerOfB.token, b.id, byId.id),
    ];
    expect(refused.map((res) => [res.status, res.json.code])).toEqual([
      [403, "insufficient_role"],
      [403, "insufficient_role"],
      [404, "not_found"],
      [404, "not_found"],
      [404, "not_found"],
    ]);
    expect((await cancel(owner.token, a.id, byId.id)).json).toEqual({ ok: true });
    expect((await cancel(owner.token, a.id, byId.id)).status).toBe(404);
    expect((await listInvitations(owner.token, a.id)).json.map((row: { id: string }) => row.id)).toEqual([byEmail.id]);
    await signIn(invitee.user);
    expect(await roleIn(a.id, invitee.user.id)).toBeNull();
    const cancelled = await db.activityLog.findFirstOrThrow({ where: { companyId: a.id, action: "member.invitation_cancelled" } });
    expect(cancelled.details).toEqual({ userId: invitee.user.id, role: "viewer" });
  });
});
