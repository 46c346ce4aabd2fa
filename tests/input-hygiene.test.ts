import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import * as goalsRoute from "@/app/api/companies/[companyId]/goals/route";
import { inputProblems, MAX_JSON_DEPTH } from "@/lib/api/input-hygiene";
import { db } from "@/lib/db/client";
import { callRoute, seedUser } from "./support/fixtures";
import { createIssue, issueWorld } from "./support/issues";

const nested = (depth: number): unknown => {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level += 1) value = { deeper: value };
  return value;
};

describe("inputProblems", () => {
  it("names every field with a NUL character and the field where nesting goes too deep, without recursing", () => {
    expect(inputProblems("body", { title: "a\u0000b", tags: ["ok", "x\u0000"], ["k\u0000"]: 1 })).toEqual([
      { name: "body.k\u0000", reason: "Field names must not contain NUL (\\u0000) characters" },
      { name: "body.tags.1", reason: "Must not contain NUL (\\u0000) characters" },
      { name: "body.title", reason: "Must not contain NUL (\\u0000) characters" },
    ]);
    expect(inputProblems("body", { metadata: nested(MAX_JSON_DEPTH - 2) })).toEqual([]);
    const deep = inputProblems("body", { metadata: nested(100_000) });
    expect(deep).toHaveLength(1);
    expect(deep[0].reason).toBe(`Nested more than ${MAX_JSON_DEPTH} levels deep`);
  });
});

describe("no input produces a 5xx", () => {
  it("a NUL in a body field or a query is 400 naming the field, and nothing is stored", async () => {
    const { company, board } = await issueWorld();
    const created = await createIssue(company.id, board.token, { title: "Nul\u0000title", description: "fine" });
    expect([created.status, created.json.code]).toEqual([400, "validation_failed"]);
    expect(created.json.invalid_params).toEqual([{ name: "body.title", reason: "Must not contain NUL (\\u0000) characters" }]);
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(0);
    const searched = await callRoute(companyIssuesRoute.GET, "GET", `/api/companies/${company.id}/issues?q=%00`, {
      token: board.token,
      params: { companyId: company.id },
    });
    expect([searched.status, searched.json.invalid_params]).toEqual([400, [{ name: "query.q", reason: "Must not contain NUL (\\u0000) characters" }]]);
  });

  it("JSON nested 5,000 deep in a free-form field is 400 naming where it goes too deep", async () => {
    const { company } = await issueWorld();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    // Written as text: the test's own JSON.stringify would run out of stack at this depth.
    const rawBody = `{"name":"Deep","metadata":${'{"deeper":'.repeat(5_000)}"bottom"${"}".repeat(5_000)}}`;
    const res = await callRoute(agentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, {
      token: owner.token,
      params: { companyId: company.id },
      rawBody,
    });
    expect([res.status, res.json.code]).toEqual([400, "validation_failed"]);
    expect(res.json.invalid_params[0].name).toMatch(/^body\.metadata(\.deeper)+$/);
    expect(await db.agent.count({ where: { companyId: company.id, name: "Deep" } })).toBe(0);
  });

  it("an instance admin creating in a company that does not exist gets 404, not a 500", async () => {
    const admin = await seedUser({ admin: true });
    const missing = randomUUID();
    for (const [route, body] of [
      [companyIssuesRoute.POST, { title: "Nowhere" }],
      [agentsRoute.POST, { name: "Nobody" }],
      [goalsRoute.POST, { title: "No goal" }],
    ] as const) {
      const res = await callRoute(route, "POST", `/api/companies/${missing}/x`, { token: admin.token, params: { companyId: missing }, body });
      expect([res.status, res.json.code]).toEqual([404, "not_found"]);
    }
  });
});
