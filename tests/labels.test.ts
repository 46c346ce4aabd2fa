import { describe, expect, it } from "vitest";
import * as companyLabelsRoute from "@/app/api/companies/[companyId]/labels/route";
import * as labelRoute from "@/app/api/labels/[id]/route";
import { db } from "@/lib/db/client";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { createIssue, getIssue } from "./support/issues";

const list = (companyId: string, token: string) => callRoute(companyLabelsRoute.GET, "GET", "", { token, params: { companyId } });
const create = (companyId: string, token: string, body: unknown) => callRoute(companyLabelsRoute.POST, "POST", "", { token, params: { companyId }, body });
const update = (id: string, token: string, body: unknown) => callRoute(labelRoute.PATCH, "PATCH", "", { token, params: { id }, body });
const remove = (id: string, token: string) => callRoute(labelRoute.DELETE, "DELETE", "", { token, params: { id } });

async function world() {
  const company = await seedCompany();
  const operator = await seedUser({ memberships: { [company.id]: "operator" } });
  const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
  return { company, operator, viewer };
}

describe("labels", () => {
  it("lists in name order with each label's issue count; renames and recolours; 409 on a taken name", async () => {
    const { company, operator } = await world();
    const bug = (await create(company.id, operator.token, { name: "bug", color: "#ef4444" })).json;
    const ui = (await create(company.id, operator.token, { name: "ui", color: "#22c55e" })).json;
    await createIssue(company.id, operator.token, { title: "One", labelIds: [bug.id, ui.id] });
    await createIssue(company.id, operator.token, { title: "Two", labelIds: [bug.id] });
    const listed = await list(company.id, operator.token);
    expect(listed.json.map((label: { name: string; issueCount: number }) => [label.name, label.issueCount])).toEqual([
      ["bug", 2],
      ["ui", 1],
    ]);

    const renamed = await update(bug.id, operator.token, { name: "  defect " });
    expect(renamed.json).toEqual({ id: bug.id, companyId: company.id, name: "defect", color: "#ef4444", createdAt: bug.createdAt });
    expect((await update(bug.id, operator.token, { color: "#3b82f6" })).json).toMatchObject({ name: "defect", color: "#3b82f6" });
    const clash = await update(ui.id, operator.token, { name: "defect" });
    expect([clash.status, clash.json.code]).toEqual([409, "label_exists"]);
    // Renaming a label to its own name is no clash.
    expect((await update(ui.id, operator.token, { name: "ui" })).status).toBe(200);
  });

  it("deleting a label takes it off every issue; a second delete is 404", async () => {
    const { company, operator } = await world();
    const bug = (await create(company.id, operator.token, { name: "bug", color: "#ef4444" })).json;
    const keep = (await create(company.id, operator.token, { name: "keep", color: "#22c55e" })).json;
    const issue = (await createIssue(company.id, operator.token, { title: "One", labelIds: [bug.id, keep.id] })).json;
    expect((await remove(bug.id, operator.token)).json).toEqual({ ok: true });
    expect((await getIssue(issue.id, operator.token)).json.labelIds).toEqual([keep.id]);
    expect((await list(company.id, operator.token)).json.map((label: { id: string }) => label.id)).toEqual([keep.id]);
    expect((await remove(bug.id, operator.token)).status).toBe(404);
  });

  it("validation names the field: a colour that is not #rrggbb, an empty or long name, unknown fields", async () => {
    const { company, operator } = await world();
    const label = (await create(company.id, operator.token, { name: "bug", color: "#ef4444" })).json;
    for (const [body, field] of [
      [{ color: "red" }, "body.color"],
      [{ color: "#fff" }, "body.color"],
      [{ name: "" }, "body.name"],
      [{ name: "x".repeat(49) }, "body.name"],
      [{ name: "ok", companyId: company.id }, "body.companyId"],
    ] as const) {
      const res = await update(label.id, operator.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.json.invalid_params.map((param: { name: string }) => param.name),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect((await remove("nope", operator.token)).status).toBe(400);
  });

  it("viewers read labels but cannot change them (403); other companies' users and agents get 404", async () => {
    const { company, operator, viewer } = await world();
    const label = (await create(company.id, operator.token, { name: "bug", color: "#ef4444" })).json;
    expect((await list(company.id, viewer.token)).json).toHaveLength(1);
    for (const res of [await update(label.id, viewer.token, { name: "mine" }), await remove(label.id, viewer.token)]) {
      expect([res.status, res.json.code]).toEqual([403, "insufficient_role"]);
    }
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    const foreignAgent = await seedAgent(other.id);
    for (const token of [outsider.token, foreignAgent.token]) {
      expect((await update(label.id, token, { name: "theirs" })).status).toBe(404);
      expect((await remove(label.id, token)).status).toBe(404);
      expect((await list(company.id, token)).status).toBe(404);
    }
    expect(await db.label.findUniqueOrThrow({ where: { id: label.id } })).toMatchObject({ name: "bug", color: "#ef4444" });
    // The company's own agents manage labels, as they may create them.
    const agent = await seedAgent(company.id);
    expect((await update(label.id, agent.token, { color: "#000000" })).json.color).toBe("#000000");
  });
});
