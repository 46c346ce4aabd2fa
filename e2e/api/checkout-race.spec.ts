import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminBoardKey, bearer, json } from "../support";

test("POST /api/issues/:id/checkout — 50 agents racing over HTTP: exactly one 200, the rest 409", async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const board = bearer(await adminBoardKey(request, baseURL!));
  const company = await json(await request.post("/api/companies", { headers: board, data: { name: "Race Track" } }), 201);
  const agents = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { headers: board, data: { name: `Racer ${i}` } }), 201);
      const key = await json(await request.post(`/api/agents/${agent.id}/keys`, { headers: board, data: {} }), 201);
      return { id: agent.id, headers: { ...bearer(key.token), "x-paperclip-run-id": randomUUID() } };
    }),
  );
  for (let round = 0; round < 3; round += 1) {
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, { headers: board, data: { title: `Round ${round}`, status: "todo" } }),
      201,
    );
    const responses = await Promise.all(
      agents.map((agent) =>
        request.post(`/api/issues/${issue.identifier}/checkout`, { headers: agent.headers, data: { agentId: agent.id, expectedStatuses: ["todo"] } }),
      ),
    );
    const statuses = responses.map((r) => r.status());
    expect(
      statuses.filter((s) => s === 200),
      `round ${round}`,
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = agents[statuses.indexOf(200)];
    const stored = await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200);
    expect(stored).toMatchObject({ status: "in_progress", assigneeAgentId: winner.id });
    const again = await request.post(`/api/issues/${issue.id}/checkout`, { headers: winner.headers, data: { agentId: winner.id, expectedStatuses: ["todo"] } });
    expect(again.status(), "the winner's retry is idempotent").toBe(200);
  }
});

test("GET /api/companies/:companyId/events — a change made through the API arrives on the stream", async ({ request, baseURL }) => {
  const board = bearer(await adminBoardKey(request, baseURL!));
  const company = await json(await request.post("/api/companies", { headers: board, data: { name: "Live Wire" } }), 201);
  const controller = new AbortController();
  const stream = await fetch(`${baseURL}/api/companies/${company.id}/events`, { headers: board, signal: controller.signal });
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toContain("text/event-stream");
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let received = "";
  const readUntil = async (needle: string) => {
    const deadline = Date.now() + 10_000;
    while (!received.includes(needle) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    return received.includes(needle);
  };
  expect(await readUntil("event: ready")).toBe(true);
  const issue = await json(await request.post(`/api/companies/${company.id}/issues`, { headers: board, data: { title: "Watch me" } }), 201);
  expect(await readUntil(issue.id)).toBe(true);
  expect(received).toContain("event: issue.created");
  controller.abort();
  const other = await json(await request.post("/api/companies", { headers: board, data: { name: "Elsewhere" } }), 201);
  const outsider = await request.get(`/api/companies/${other.id}/events`, { headers: { authorization: "Bearer pcp_" + "0".repeat(48) } });
  expect(outsider.status()).toBe(401);
});
