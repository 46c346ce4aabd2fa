// Inputs the fuzz spec (e2e/api/fuzz.spec.ts) found answered with 500, each now a 400 naming the field, or handled.
import { describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import * as companyRoute from "@/app/api/companies/[companyId]/route";
import * as commentsRoute from "@/app/api/issues/[id]/comments/route";
import * as projectsRoute from "@/app/api/companies/[companyId]/projects/route";
import * as projectRoute from "@/app/api/projects/[id]/route";
import { inputProblems } from "@/lib/api/input-hygiene";
import { db } from "@/lib/db/client";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { createIssue } from "./support/issues";

async function ownedCompany() {
  const company = await seedCompany();
  const owner = await seedUser({ memberships: { [company.id]: "owner" } });
  return { company, token: owner.token };
}

describe("hostile values", () => {
  it("names every value and key holding an unpaired surrogate, and lets surrogate pairs through", () => {
    expect(inputProblems("body", { title: "a\ud800b", tail: "x\udfff", emoji: "\ud83d\udca9", ["k\udc00"]: 1 })).toEqual([
      { name: "body.k\udc00", reason: "Field names must not contain unpaired surrogates (\\ud800–\\udfff): not valid Unicode" },
      { name: "body.tail", reason: "Must not contain unpaired surrogates (\\ud800–\\udfff): not valid Unicode" },
      { name: "body.title", reason: "Must not contain unpaired surrogates (\\ud800–\\udfff): not valid Unicode" },
    ]);
  });

  it("an unpaired surrogate bound for a JSON column is 400, and nothing is stored", async () => {
    const { company, token } = await ownedCompany();
    // As the client sends it: JSON text with a lone \ud800 escape, which PostgreSQL's json parser refuses.
    const rawBody = '{"name":"Surrogate","metadata":{"note":"a\\ud800b"}}';
    const res = await callRoute(agentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, { token, params: { companyId: company.id }, rawBody });
    expect([res.status, res.json.invalid_params?.[0]?.name]).toEqual([400, "body.metadata.note"]);
    expect(await db.agent.count({ where: { companyId: company.id } })).toBe(0);
  });

  it("cents beyond PostgreSQL's integer are 400 naming the field", async () => {
    const { company, token } = await ownedCompany();
    const created = await callRoute(agentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, {
      token,
      params: { companyId: company.id },
      body: { name: "Rich", budgetMonthlyCents: 2_147_483_648 },
    });
    expect([created.status, created.json.invalid_params?.map((p: { name: string }) => p.name)]).toEqual([400, ["body.budgetMonthlyCents"]]);
    const updated = await callRoute(companyRoute.PATCH, "PATCH", `/api/companies/${company.id}`, {
      token,
      params: { companyId: company.id },
      body: { budgetMonthlyCents: 2_147_483_647, spentMonthlyCents: 2_147_483_648 },
    });
    expect([updated.status, updated.json.invalid_params?.map((p: { name: string }) => p.name)]).toEqual([400, ["body.spentMonthlyCents"]]);
  });

  it("a time in year 0 is 400 naming the field, also when its offset moves year 1 back into it", async () => {
    const { company, token } = await ownedCompany();
    const project = await callRoute(projectsRoute.POST, "POST", `/api/companies/${company.id}/projects`, {
      token,
      params: { companyId: company.id },
      body: { name: "Old" },
    });
    expect(project.status).toBe(201);
    for (const archivedAt of ["0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00"]) {
      const res = await callRoute(projectRoute.PATCH, "PATCH", `/api/projects/${project.json.id}`, {
        token,
        params: { id: project.json.id },
        body: { archivedAt },
      });
      expect([res.status, res.json.invalid_params]).toEqual([400, [{ name: "body.archivedAt", reason: "Must be in year 1 or later" }]]);
    }
    const yearOne = await callRoute(projectRoute.PATCH, "PATCH", `/api/projects/${project.json.id}`, {
      token,
      params: { id: project.json.id },
      body: { archivedAt: "0001-01-01T00:00:00Z" },
    });
    expect(yearOne.status).toBe(200);
  });

  it("agents created at once under one name all succeed, each with its own url key", async () => {
    const { company, token } = await ownedCompany();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        callRoute(agentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, { token, params: { companyId: company.id }, body: { name: "Twin" } }),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((res) => res.json.urlKey)).size).toBe(8);
  });

  it("a forged paging cursor is 400 invalid_cursor, whichever part is out of its SQL type's range", async () => {
    const { company, token } = await ownedCompany();
    const uuid = "00000000-0000-0000-0000-000000000000";
    for (const forged of [
      [40_000, "2025-01-01T00:00:00Z", uuid],
      [1.5, "2025-01-01T00:00:00Z", uuid],
      [1, "0000-01-01T00:00:00Z", uuid],
      [1, "2025-01-01T00:00:00Z", "x"],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString("base64url");
      const res = await callRoute(companyIssuesRoute.GET, "GET", `/api/companies/${company.id}/issues`, {
        token,
        params: { companyId: company.id },
        query: `cursor=${cursor}`,
      });
      expect([res.status, res.json.code], JSON.stringify(forged)).toEqual([400, "invalid_cursor"]);
    }
  });

  it("comments `after` a time before year 1 is 404, like any `after` that names no comment or time", async () => {
    const { company, token } = await ownedCompany();
    const issue = await createIssue(company.id, token, { title: "Old news" });
    for (const after of ["0000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z"]) {
      const res = await callRoute(commentsRoute.GET, "GET", `/api/issues/${issue.json.id}/comments`, {
        token,
        params: { id: issue.json.id },
        query: `after=${after}`,
      });
      expect([res.status, res.json.code], after).toEqual([404, "not_found"]);
    }
  });
});
