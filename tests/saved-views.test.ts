import { describe, expect, it } from "vitest";
import * as companySavedViewsRoute from "@/app/api/companies/[companyId]/saved-views/route";
import * as savedViewRoute from "@/app/api/saved-views/[id]/route";
import { db } from "@/lib/db/client";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";

const list = (companyId: string, token: string) =>
  callRoute(companySavedViewsRoute.GET, "GET", `/api/companies/${companyId}/saved-views`, { token, params: { companyId } });
const create = (companyId: string, token: string, body: unknown) =>
  callRoute(companySavedViewsRoute.POST, "POST", `/api/companies/${companyId}/saved-views`, { token, params: { companyId }, body });
const update = (id: string, token: string, body: unknown) =>
  callRoute(savedViewRoute.PATCH, "PATCH", `/api/saved-views/${id}`, { token, params: { id }, body });
const remove = (id: string, token: string) => callRoute(savedViewRoute.DELETE, "DELETE", `/api/saved-views/${id}`, { token, params: { id } });

async function world() {
  const company = await seedCompany();
  const ann = await seedUser({ memberships: { [company.id]: "operator" } });
  const ben = await seedUser({ memberships: { [company.id]: "owner" } });
  return { company, ann, ben };
}

const names = (res: { json: { name: string }[] }) => res.json.map((view) => view.name);

describe("saved views", () => {
  it("a board user saves, lists (own only, name order), renames, changes and deletes views", async () => {
    const { company, ann, ben } = await world();
    const first = await create(company.id, ann.token, { name: "  Mine open ", query: "status=todo,in_progress&sort=updated" });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      id: expect.any(String),
      companyId: company.id,
      name: "Mine open",
      query: "status=todo,in_progress&sort=updated",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await create(company.id, ann.token, { name: "All", query: "" });
    await create(company.id, ben.token, { name: "Ben's", query: "priority=critical" });
    expect(names(await list(company.id, ann.token))).toEqual(["All", "Mine open"]);
    expect(names(await list(company.id, ben.token))).toEqual(["Ben's"]);

    const renamed = await update(first.json.id, ann.token, { name: "Urgent" });
    expect(renamed.json).toMatchObject({ name: "Urgent", query: "status=todo,in_progress&sort=updated" });
    const requeried = await update(first.json.id, ann.token, { query: "priority=critical,high" });
    expect(requeried.json).toMatchObject({ name: "Urgent", query: "priority=critical,high" });
    expect(new Date(requeried.json.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.json.updatedAt).getTime());

    expect((await remove(first.json.id, ann.token)).json).toEqual({ ok: true });
    expect(names(await list(company.id, ann.token))).toEqual(["All"]);
    expect((await remove(first.json.id, ann.token)).status).toBe(404);
  });

  it("only the owner can see, change or delete a view: everyone else, admins included, gets 404", async () => {
    const { company, ann, ben } = await world();
    const admin = await seedUser({ admin: true });
    const view = (await create(company.id, ann.token, { name: "Private", query: "q=secret" })).json;
    for (const token of [ben.token, admin.token]) {
      expect([(await update(view.id, token, { name: "Taken" })).status, (await remove(view.id, token)).status]).toEqual([404, 404]);
      expect(names(await list(company.id, token))).toEqual([]);
    }
    expect(await db.savedView.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ name: "Private", query: "q=secret" });
  });

  it("a user who left the company no longer reaches their views there", async () => {
    const { company, ann } = await world();
    const view = (await create(company.id, ann.token, { name: "Before", query: "" })).json;
    await db.companyMembership.deleteMany({ where: { userId: ann.user.id, companyId: company.id } });
    expect((await list(company.id, ann.token)).status).toBe(404);
    expect((await update(view.id, ann.token, { name: "After" })).status).toBe(404);
    expect((await remove(view.id, ann.token)).status).toBe(404);
  });

  it("409 saved_view_name_taken for a duplicate name per user and company, also on rename and under a race", async () => {
    const { company, ann, ben } = await world();
    const other = await seedCompany();
    await db.companyMembership.create({ data: { userId: ann.user.id, companyId: other.id, role: "operator" } });
    const racing = await Promise.all(Array.from({ length: 5 }, () => create(company.id, ann.token, { name: "Triage", query: "status=todo" })));
    expect(racing.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(racing.find((res) => res.status === 409)!.json.code).toBe("saved_view_name_taken");
    // The same name is free for another user and in another company.
    expect((await create(company.id, ben.token, { name: "Triage", query: "" })).status).toBe(201);
    expect((await create(other.id, ann.token, { name: "Triage", query: "" })).status).toBe(201);
    const second = (await create(company.id, ann.token, { name: "Later", query: "" })).json;
    const clash = await update(second.id, ann.token, { name: "Triage" });
    expect([clash.status, clash.json.code]).toEqual([409, "saved_view_name_taken"]);
    expect((await update(second.id, ann.token, { name: "Later" })).status).toBe(200);
  });

  it("validation names the field: empty or long name, long query, a leading ?, unknown fields, a bad id", async () => {
    const { company, ann } = await world();
    const fieldsOf = (res: { json: { invalid_params?: { name: string }[] } }) => (res.json.invalid_params ?? []).map((param) => param.name);
    for (const [body, field] of [
      [{ name: "   ", query: "" }, "name"],
      [{ name: "x".repeat(81), query: "" }, "name"],
      [{ name: "Long", query: "q=".padEnd(2001, "x") }, "query"],
      [{ name: "Q", query: "?status=todo" }, "query"],
      [{ name: "Q" }, "query"],
      [{ name: "Q", query: "", owner: "me" }, "owner"],
    ] as const) {
      const res = await create(company.id, ann.token, body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(fieldsOf(res).join(" "), JSON.stringify(body)).toContain(field);
    }
    const bad = await update("not-a-uuid", ann.token, { name: "X" });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain("params.id");
    expect((await create(company.id, ann.token, { name: "x".repeat(80), query: "q=".padEnd(2000, "x") })).status).toBe(201);
  });

  it("agents are refused with 403 board_required, in their own company too", async () => {
    const { company, ann } = await world();
    const { token } = await seedAgent(company.id);
    const view = (await create(company.id, ann.token, { name: "Mine", query: "" })).json;
    for (const res of [
      await list(company.id, token),
      await create(company.id, token, { name: "Bot", query: "" }),
      await update(view.id, token, { name: "Bot" }),
      await remove(view.id, token),
    ]) {
      expect([res.status, res.json.code]).toEqual([403, "board_required"]);
    }
  });

  it("viewers list their (empty) views but cannot save one: 403 insufficient_role, like every company write", async () => {
    const { company } = await world();
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    expect((await list(company.id, viewer.token)).json).toEqual([]);
    const res = await create(company.id, viewer.token, { name: "Peek", query: "" });
    expect([res.status, res.json.code]).toEqual([403, "insufficient_role"]);
  });

  it("outsiders cannot list or save views in a company they are not in", async () => {
    const { company } = await world();
    const outsider = await seedUser({ memberships: { [(await seedCompany()).id]: "owner" } });
    expect((await list(company.id, outsider.token)).status).toBe(404);
    expect((await create(company.id, outsider.token, { name: "Spy", query: "" })).status).toBe(404);
    expect(await db.savedView.count({ where: { companyId: company.id } })).toBe(0);
  });
});
