// Walks every operation in /api/openapi.json with malformed params, queries and bodies: the answer is always a
// 4xx problem+json (or a harmless 2xx), never a 5xx. Routes added later are covered automatically.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminBoardKey, bearer } from "../support";

type Operation = { path: string; method: string; body?: { properties?: Record<string, { type?: string }> } };

const BAD_PATH_VALUES = ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%27%20OR%201%3D1--", "..%2F..%2Fetc%2Fpasswd", "x".repeat(300), "%E2%80%AE"];
const RAW_BODIES = ["{", "[]", "null", '"text"', "42", '{"__proto__":{"polluted":true}}', '{"unexpectedField":1}'];
const WRONG_VALUES: Record<string, unknown[]> = {
  string: [123, true, {}, [], "x".repeat(70_000)],
  integer: ["ten", 1.5, -1e20, null],
  number: ["ten", {}],
  boolean: ["yes", 0],
  object: ["obj", 7, []],
  array: ["list", { a: 1 }],
};

function operations(doc: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Operation["body"] }> } }>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({ path, method: method.toUpperCase(), body: spec.requestBody?.content["application/json"]?.schema })),
  );
}

function fill(path: string, value: string) {
  return path.replace(/\{[^}]+\}/g, value);
}

async function send(request: APIRequestContext, method: string, url: string, headers: Record<string, string>, body?: string) {
  return request.fetch(url, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    data: body,
    maxRedirects: 0,
    timeout: 15_000,
  });
}

test("every operation answers malformed input with 4xx problem+json, never 5xx", async ({ request, baseURL }) => {
  test.setTimeout(240_000);
  const token = await adminBoardKey(request, baseURL!);
  // An agent of a real company, so agent-only code paths (run ids, agent routes) meet the same garbage.
  const company = await (await request.post("/api/companies", { headers: bearer(token), data: { name: "Fuzz Target" } })).json();
  const agent = await (await request.post(`/api/companies/${company.id}/agents`, { headers: bearer(token), data: { name: "Fuzz Agent" } })).json();
  const agentKey = await (await request.post(`/api/agents/${agent.id}/keys`, { headers: bearer(token), data: {} })).json();
  const asAgent = { ...bearer(agentKey.token), "x-paperclip-run-id": randomUUID() };
  const doc = await (await request.get("/api/openapi.json")).json();
  const ops = operations(doc);
  expect(ops.length).toBeGreaterThan(20);
  const failures: string[] = [];
  let sent = 0;

  const check = async (label: string, method: string, url: string, headers: Record<string, string>, body?: string) => {
    const response = await send(request, method, url, headers, body);
    sent += 1;
    const status = response.status();
    const contentType = response.headers()["content-type"] ?? "";
    if (status >= 500) failures.push(`${label}: ${status} ${await response.text()}`);
    else if (status >= 400) {
      if (!contentType.includes("application/problem+json")) failures.push(`${label}: ${status} with content-type ${contentType}`);
      else {
        const problem = await response.json();
        if (typeof problem.error !== "string" || typeof problem.code !== "string" || problem.status !== status)
          failures.push(`${label}: incomplete problem ${JSON.stringify(problem)}`);
      }
    }
  };

  for (const op of ops) {
    const withAuth = bearer(token);
    const isMutation = op.method !== "GET";
    for (const value of BAD_PATH_VALUES) {
      if (!op.path.includes("{")) break;
      // Malformed ids plus a body that can never be valid, so nothing real is touched.
      await check(
        `${op.method} ${op.path} param=${value.slice(0, 20)}`,
        op.method,
        fill(op.path, value),
        withAuth,
        isMutation ? '{"unexpectedField":true}' : undefined,
      );
    }
    const target = fill(op.path, "00000000-0000-4000-8000-000000000000");
    await check(
      `${op.method} ${op.path} query`,
      op.method,
      `${target}?unknownParam=1&limit=-5&scope=%00`,
      withAuth,
      isMutation ? '{"unexpectedField":true}' : undefined,
    );
    await check(`${op.method} ${op.path} no auth`, op.method, target, {}, isMutation ? "{" : undefined);
    for (const authorization of ["Bearer", "Basic YWRtaW46YWRtaW4=", `Bearer pcp_${"z".repeat(48)}`, "Bearer two tokens"]) {
      await check(`${op.method} ${op.path} auth=${authorization.slice(0, 12)}`, op.method, target, { authorization });
    }
    await check(`${op.method} ${op.path} bad run id`, op.method, target, { ...asAgent, "x-paperclip-run-id": "../../etc" }, isMutation ? "{}" : undefined);
    const inCompany = op.path.replace("{companyId}", company.id).replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
    if (!isMutation) continue;
    for (const raw of RAW_BODIES) {
      await check(`${op.method} ${op.path} body=${raw}`, op.method, target, withAuth, raw);
      await check(`agent ${op.method} ${op.path} body=${raw}`, op.method, inCompany, asAgent, raw);
    }
    for (const [property, schema] of Object.entries(op.body?.properties ?? {})) {
      for (const wrong of WRONG_VALUES[schema.type ?? "object"] ?? WRONG_VALUES.object) {
        await check(
          `${op.method} ${op.path} ${property}=${JSON.stringify(wrong).slice(0, 30)}`,
          op.method,
          target,
          withAuth,
          JSON.stringify({ [property]: wrong, unexpectedField: 1 }),
        );
      }
    }
  }
  console.log(`fuzz: ${sent} requests over ${ops.length} operations`);
  expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
});

test("validation errors name each bad field", async ({ request, baseURL }) => {
  const token = await adminBoardKey(request, baseURL!);
  const response = await request.post("/api/companies", { headers: bearer(token), data: { name: "", budgetMonthlyCents: "lots", surprise: 1 } });
  expect(response.status()).toBe(400);
  const problem = await response.json();
  expect(problem.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["body.budgetMonthlyCents", "body.name", "body.surprise"]);
});
