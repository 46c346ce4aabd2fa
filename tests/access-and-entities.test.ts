import { describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as companyAgentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as companyGoalsRoute from "@/app/api/companies/[companyId]/goals/route";
import * as memberRoute from "@/app/api/companies/[companyId]/members/[userId]/route";
import * as membersRoute from "@/app/api/companies/[companyId]/members/route";
import * as companyProjectsRoute from "@/app/api/companies/[companyId]/projects/route";
import * as companyRoute from "@/app/api/companies/[companyId]/route";
import * as companiesRoute from "@/app/api/companies/route";
import * as goalRoute from "@/app/api/goals/[id]/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import * as setupRoute from "@/app/api/setup/route";
import * as userRoute from "@/app/api/users/[userId]/route";
import * as usersRoute from "@/app/api/users/route";
import { db } from "@/lib/db/client";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";

describe("company roles", () => {
  it("viewers read but get 403 acting; outsiders get 404", async () => {
    const company = await seedCompany();
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    const outsider = await seedUser({ memberships: {} });
    const params = { companyId: company.id };
    expect((await callRoute(companyAgentsRoute.GET, "GET", "", { token: viewer.token, params })).status).toBe(200);
    const act = await callRoute(companyAgentsRoute.POST, "POST", "", { token: viewer.token, params, body: { name: "X" } });
    expect([act.status, act.json.code]).toEqual([403, "insufficient_role"]);
    expect((await callRoute(companyAgentsRoute.GET, "GET", "", { token: outsider.token, params })).status).toBe(404);
    expect((await callRoute(companyRoute.GET, "GET", "", { token: outsider.token, params })).status).toBe(404);
  });

  it("only instance admins create companies; the creator becomes owner with a derived issue prefix", async () => {
    const plain = await seedUser();
    expect((await callRoute(companiesRoute.POST, "POST", "", { token: plain.token, body: { name: "Nope" } })).status).toBe(403);
    const admin = await seedUser({ admin: true });
    const created = await callRoute(companiesRoute.POST, "POST", "", { token: admin.token, body: { name: "Acme Robotics" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Acme Robotics", issuePrefix: "AR", issueCounter: 0, status: "active" });
    const again = await callRoute(companiesRoute.POST, "POST", "", { token: admin.token, body: { name: "Acme Robotics" } });
    expect(again.json.issuePrefix).toBe("AR2");
    const membership = await db.companyMembership.findFirstOrThrow({ where: { companyId: created.json.id, userId: admin.user.id } });
    expect(membership.role).toBe("owner");
    const list = await callRoute(companiesRoute.GET, "GET", "", { token: plain.token });
    expect(list.json).toEqual([]);
  });

  it("company PATCH is for owners: operators 403, duplicate prefix 422", async () => {
    const company = await seedCompany();
    const other = await seedCompany();
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const params = { companyId: company.id };
    expect((await callRoute(companyRoute.PATCH, "PATCH", "", { token: operator.token, params, body: { name: "X" } })).status).toBe(403);
    const clash = await callRoute(companyRoute.PATCH, "PATCH", "", { token: owner.token, params, body: { issuePrefix: other.issuePrefix } });
    expect([clash.status, clash.json.invalid_params[0].name]).toEqual([422, "issuePrefix"]);
    const ok = await callRoute(companyRoute.PATCH, "PATCH", "", {
      token: owner.token,
      params,
      body: { name: "Renamed", requireBoardApprovalForNewAgents: true },
    });
    expect(ok.json).toMatchObject({ name: "Renamed", requireBoardApprovalForNewAgents: true });
  });

  it("adapter settings (commands) need a company owner; agents never set them", async () => {
    const company = await seedCompany();
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const params = { companyId: company.id };
    const body = { name: "Runner", adapterType: "process", adapterConfig: { command: "node agent.js" } };
    expect((await callRoute(companyAgentsRoute.POST, "POST", "", { token: operator.token, params, body })).status).toBe(403);
    const created = await callRoute(companyAgentsRoute.POST, "POST", "", { token: owner.token, params, body });
    expect(created.status).toBe(201);
    const self = await seedAgent(company.id);
    const patch = await callRoute(agentRoute.PATCH, "PATCH", "", {
      token: self.token,
      params: { id: self.agent.id },
      body: { adapterConfig: { command: "rm -rf /" } },
    });
    expect(patch.status).toBe(403);
    const allowed = await callRoute(agentRoute.PATCH, "PATCH", "", {
      token: self.token,
      params: { id: self.agent.id },
      body: { title: "Lead", capabilities: "TypeScript" },
    });
    expect(allowed.json).toMatchObject({ title: "Lead", capabilities: "TypeScript" });
    const creator = await seedAgent(company.id, { permissions: { canCreateAgents: true } });
    expect((await callRoute(companyAgentsRoute.POST, "POST", "", { token: self.token, params, body: { name: "Child" } })).status).toBe(403);
    expect((await callRoute(companyAgentsRoute.POST, "POST", "", { token: creator.token, params, body: { name: "Child" } })).status).toBe(201);
    expect((await callRoute(companyAgentsRoute.POST, "POST", "", { token: creator.token, params, body: { name: "Child", adapterConfig: {} } })).status).toBe(
      403,
    );
  });

  it("reportsTo must stay in the company and never form a cycle; chainOfCommand walks up", async () => {
    const company = await seedCompany();
    const other = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const ceo = await seedAgent(company.id, { name: "CEO" });
    const cto = await seedAgent(company.id, { name: "CTO" });
    const dev = await seedAgent(company.id, { name: "Dev" });
    const stranger = await seedAgent(other.id);
    const patch = (id: string, reportsTo: string) => callRoute(agentRoute.PATCH, "PATCH", "", { token: owner.token, params: { id }, body: { reportsTo } });
    expect((await patch(cto.agent.id, ceo.agent.id)).status).toBe(200);
    expect((await patch(dev.agent.id, cto.agent.id)).status).toBe(200);
    const cycle = await patch(ceo.agent.id, dev.agent.id);
    expect([cycle.status, cycle.json.code]).toEqual([422, "reporting_cycle"]);
    expect((await patch(dev.agent.id, stranger.agent.id)).status).toBe(422);
    expect((await patch(dev.agent.id, dev.agent.id)).status).toBe(422);
    const view = await callRoute(agentRoute.GET, "GET", "", { token: dev.token, params: { id: dev.agent.id } });
    expect(view.json.chainOfCommand.map((a: { name: string }) => a.name)).toEqual(["CTO", "CEO"]);
  });
});

describe("agent references", () => {
  it("GET /api/agents/:id — accepts a url key, scoped by ?companyId, 409 when ambiguous across companies", async () => {
    const first = await seedCompany();
    const second = await seedCompany();
    const admin = await seedUser({ admin: true });
    const make = (companyId: string) =>
      callRoute(companyAgentsRoute.POST, "POST", "", { token: admin.token, params: { companyId }, body: { name: "Twin Bot" } });
    const inFirst = (await make(first.id)).json;
    await make(second.id);
    const scoped = await callRoute(agentRoute.GET, "GET", "", { token: admin.token, params: { id: "twin-bot" }, query: `companyId=${first.id}` });
    expect([scoped.status, scoped.json.id]).toEqual([200, inFirst.id]);
    const ambiguous = await callRoute(agentRoute.GET, "GET", "", { token: admin.token, params: { id: "twin-bot" } });
    expect([ambiguous.status, ambiguous.json.code]).toEqual([409, "ambiguous_agent_ref"]);
    const member = await seedUser({ memberships: { [second.id]: "viewer" } });
    const own = await callRoute(agentRoute.GET, "GET", "", { token: member.token, params: { id: "twin-bot" }, query: `companyId=${first.id}` });
    expect(own.status).toBe(404);
  });
});

describe("projects and goals", () => {
  it("project create is idempotent by key, including concurrent retries", async () => {
    const company = await seedCompany();
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    const params = { companyId: company.id };
    const body = { name: "Website", idempotencyKey: "retry-1" };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => callRoute(companyProjectsRoute.POST, "POST", "", { token: operator.token, params, body })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    expect(await db.project.count({ where: { companyId: company.id } })).toBe(1);
  });

  it("goalIds and leadAgentId must belong to the company (422 naming the field); env needs an owner", async () => {
    const company = await seedCompany();
    const other = await seedCompany();
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    const foreignGoal = await db.goal.create({ data: { companyId: other.id, title: "Theirs" } });
    const res = await callRoute(companyProjectsRoute.POST, "POST", "", {
      token: operator.token,
      params: { companyId: company.id },
      body: { name: "P", goalIds: [foreignGoal.id] },
    });
    expect([res.status, res.json.invalid_params[0].name]).toEqual([422, "goalIds"]);
    const env = await callRoute(companyProjectsRoute.POST, "POST", "", {
      token: operator.token,
      params: { companyId: company.id },
      body: { name: "P", env: { TOKEN: "x" } },
    });
    expect(env.status).toBe(403);
    const goal = await callRoute(companyGoalsRoute.POST, "POST", "", {
      token: operator.token,
      params: { companyId: company.id },
      body: { title: "Ship v1", level: "company" },
    });
    const project = await callRoute(companyProjectsRoute.POST, "POST", "", {
      token: operator.token,
      params: { companyId: company.id },
      body: { name: "P", goalIds: [goal.json.id] },
    });
    expect(project.json).toMatchObject({ goalId: goal.json.id, goalIds: [goal.json.id], goals: [{ id: goal.json.id, title: "Ship v1" }] });
    const patched = await callRoute(projectRoute.PATCH, "PATCH", "", {
      token: operator.token,
      params: { id: project.json.id },
      body: { goalIds: [], status: "in_progress" },
    });
    expect(patched.json).toMatchObject({ goalIds: [], status: "in_progress" });
  });

  it("goal parents may not form cycles", async () => {
    const company = await seedCompany();
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    const create = (title: string, parentId?: string) =>
      callRoute(companyGoalsRoute.POST, "POST", "", { token: operator.token, params: { companyId: company.id }, body: { title, parentId } });
    const top = await create("Top");
    const middle = await create("Middle", top.json.id);
    const res = await callRoute(goalRoute.PATCH, "PATCH", "", { token: operator.token, params: { id: top.json.id }, body: { parentId: middle.json.id } });
    expect([res.status, res.json.code]).toEqual([422, "goal_cycle"]);
  });
});

describe("board users and memberships", () => {
  it("the first admin can be created once, even when requests race", async () => {
    await db.user.deleteMany({});
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        callRoute(setupRoute.POST, "POST", "/api/setup", { body: { email: `first${i}@example.com`, name: "First", password: "long-enough" } }),
      ),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409).every((r) => r.json.code === "setup_complete")).toBe(true);
    expect(await db.user.count()).toBe(1);
    expect((await db.user.findFirstOrThrow()).isInstanceAdmin).toBe(true);
  });

  it("admins add users and memberships; members list shows them; the last owner stays", async () => {
    const company = await seedCompany();
    const admin = await seedUser({ admin: true });
    const created = await callRoute(usersRoute.POST, "POST", "", {
      token: admin.token,
      body: { email: "New@Example.com", name: "New Person", password: "initial-pass" },
    });
    expect(created.status).toBe(201);
    expect(created.json.email).toBe("new@example.com");
    expect(JSON.stringify(created.json)).not.toMatch(/password|scrypt/i);
    const duplicate = await callRoute(usersRoute.POST, "POST", "", {
      token: admin.token,
      body: { email: "new@example.com", name: "Again", password: "initial-pass" },
    });
    expect(duplicate.status).toBe(409);
    const params = { companyId: company.id };
    const added = await callRoute(membersRoute.POST, "POST", "", { token: admin.token, params, body: { email: "new@example.com", role: "owner" } });
    expect(added.status).toBe(201);
    const members = await callRoute(membersRoute.GET, "GET", "", { token: admin.token, params });
    expect(members.json).toEqual([expect.objectContaining({ userId: created.json.id, role: "owner", name: "New Person" })]);
    const demote = await callRoute(memberRoute.PATCH, "PATCH", "", {
      token: admin.token,
      params: { companyId: company.id, userId: created.json.id },
      body: { role: "viewer" },
    });
    expect([demote.status, demote.json.code]).toEqual([409, "last_owner"]);
    const plain = await seedUser();
    expect((await callRoute(usersRoute.GET, "GET", "", { token: plain.token })).status).toBe(403);
    const disable = await callRoute(userRoute.PATCH, "PATCH", "", {
      token: admin.token,
      params: { userId: created.json.id },
      body: { disabled: true, password: "rotated-secret" },
    });
    expect(disable.json.disabled).toBe(true);
    const audit = await db.activityLog.findMany({ where: { entityId: created.json.id, companyId: null }, orderBy: { createdAt: "asc" } });
    expect(audit.map((row) => [row.action, row.actorId])).toEqual([
      ["user.created", admin.user.id],
      ["user.updated", admin.user.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain("rotated-secret");
  });

  it("the last active instance admin cannot be disabled", async () => {
    await db.user.updateMany({ data: { isInstanceAdmin: false } });
    const admin = await seedUser({ admin: true });
    const res = await callRoute(userRoute.PATCH, "PATCH", "", { token: admin.token, params: { userId: admin.user.id }, body: { disabled: true } });
    expect([res.status, res.json.code]).toEqual([409, "last_admin"]);
  });
});

describe("activity", () => {
  it("mutations write an activity row with actor and run id", async () => {
    const company = await seedCompany();
    const { agent, token } = await seedAgent(company.id, { permissions: { canCreateAgents: true } });
    const res = await callRoute(companyGoalsRoute.POST, "POST", "", {
      token,
      params: { companyId: company.id },
      body: { title: "Logged" },
      headers: { "x-paperclip-run-id": "run-42" },
    });
    const row = await db.activityLog.findFirstOrThrow({ where: { entityId: res.json.id } });
    expect(row).toMatchObject({
      companyId: company.id,
      actorType: "agent",
      actorId: agent.id,
      agentId: agent.id,
      runId: "run-42",
      action: "goal.created",
      entityType: "goal",
    });
  });
});

describe("DELETE /api/companies/:companyId", () => {
  it("owners delete a company with everything in it; the deletion stays in the instance log", async () => {
    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    await seedAgent(company.id);
    const params = { companyId: company.id };
    expect((await callRoute(companyRoute.DELETE, "DELETE", "", { token: operator.token, params })).status).toBe(403);
    expect((await callRoute(companyRoute.DELETE, "DELETE", "", { token: owner.token, params })).json).toEqual({ ok: true });
    expect(await db.agent.count({ where: { companyId: company.id } })).toBe(0);
    expect(await db.activityLog.findFirst({ where: { action: "company.deleted", entityId: company.id } })).toMatchObject({
      companyId: null,
      actorId: owner.user.id,
    });
    expect((await callRoute(companyRoute.GET, "GET", "", { token: owner.token, params })).status).toBe(404);
  });
});

describe("company lists for a member of two companies", () => {
  it("GET /api/companies/:companyId/goals, /projects and /agents — only the company asked for", async () => {
    const [first, second] = [await seedCompany(), await seedCompany()];
    const member = await seedUser({ memberships: { [first.id]: "viewer", [second.id]: "owner" } });
    for (const company of [first, second]) {
      await db.goal.create({ data: { companyId: company.id, title: `Goal of ${company.name}` } });
      await db.project.create({ data: { companyId: company.id, name: `Project of ${company.name}`, urlKey: "listed" } });
      await seedAgent(company.id, { name: `Agent of ${company.name}` });
    }
    const list = async (route: typeof companyGoalsRoute, path: string) =>
      (await callRoute(route.GET, "GET", `/api/companies/${first.id}/${path}`, { token: member.token, params: { companyId: first.id } })).json as {
        companyId: string;
      }[];
    for (const [route, path] of [
      [companyGoalsRoute, "goals"],
      [companyProjectsRoute, "projects"],
      [companyAgentsRoute, "agents"],
    ] as const) {
      const rows = await list(route as typeof companyGoalsRoute, path);
      expect(rows.length, path).toBe(1);
      expect(rows[0].companyId, path).toBe(first.id);
    }
  });
});
