import { expect, test } from "@playwright/test";
import { bearer, json, signInThroughNextAuth } from "../support";

test("session from next-auth → board key → company, agent, agent key → agent sees only its company", async ({ request, baseURL }) => {
  await signInThroughNextAuth(request);
  const me = await json(await request.get("/api/me"), 200);
  expect(me).toMatchObject({ type: "board", source: "session", isInstanceAdmin: true });

  const boardKey = await json(await request.post("/api/board-api-keys", { data: { name: "flow" }, headers: { origin: baseURL! } }), 201);
  expect(boardKey.token).toMatch(/^pcp_board_/);
  const board = bearer(boardKey.token);

  const company = await json(await request.post("/api/companies", { data: { name: "Flow Works" }, headers: board }), 201);
  const otherCompany = await json(await request.post("/api/companies", { data: { name: "Other Works" }, headers: board }), 201);
  const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { data: { name: "Flow Bot", role: "engineer" }, headers: board }), 201);
  const agentKey = await json(await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "ci" }, headers: board }), 201);
  expect(agentKey.token).toMatch(/^pcp_[0-9a-f]{48}$/);

  const agentHeaders = bearer(agentKey.token);
  const self = await json(await request.get("/api/agents/me", { headers: agentHeaders }), 200);
  expect(self).toMatchObject({ id: agent.id, companyId: company.id, name: "Flow Bot" });
  expect((await request.get(`/api/companies/${company.id}`, { headers: agentHeaders })).status()).toBe(200);

  for (const path of [`/api/companies/${otherCompany.id}`, `/api/companies/${otherCompany.id}/agents`, `/api/companies/${otherCompany.id}/projects`]) {
    const refused = await request.get(path, { headers: agentHeaders });
    expect([403, 404], path).toContain(refused.status());
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
  }
  expect((await request.get("/api/companies", { headers: agentHeaders })).status()).toBe(403);

  // The key's Bearer header wins over the session cookie still in this context.
  const revoked = await request.delete(`/api/board-api-keys/${boardKey.id}`, { headers: board });
  expect(revoked.status()).toBe(200);
  expect((await request.get("/api/me", { headers: board })).status()).toBe(401);
  expect((await request.get("/api/me")).status()).toBe(200);
});

test("GET /api/openapi.json — documents every route with its schemas", async ({ request }) => {
  const doc = await json(await request.get("/api/openapi.json"), 200);
  expect(doc.openapi).toBe("3.0.3");
  expect(doc.paths["/api/companies/{companyId}/agents"].post.requestBody.content["application/json"].schema.properties.name).toBeTruthy();
  expect(doc.paths["/api/agents/{id}/keys"].post.responses["201"]).toBeTruthy();
  expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(20);
});
