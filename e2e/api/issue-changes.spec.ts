import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminBoardKey, bearer, json } from "../support";

// Issue changes over HTTP against the real server (pool of 10 connections per pool): concurrency, ownership of
// checked-out work, and a review that cannot be skipped by reopening.

async function companyWithAgents(request: APIRequestContext, baseURL: string, name: string, agentNames: string[]) {
  const board = bearer(await adminBoardKey(request, baseURL));
  const company = await json(await request.post("/api/companies", { data: { name }, headers: board }), 201);
  const agents = [];
  for (const agentName of agentNames) {
    const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { data: { name: agentName }, headers: board }), 201);
    const key = await json(await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" }, headers: board }), 201);
    agents.push({ agent, headers: { ...bearer(key.token), "x-paperclip-run-id": randomUUID() } });
  }
  return { board, company, agents };
}

test("100 concurrent PATCHes with comments on one checked-out issue all land, and the thread has exactly 100 comments", async ({ request, baseURL }) => {
  const { board, company, agents } = await companyWithAgents(request, baseURL!, "Busy Issue", ["Worker"]);
  const [worker] = agents;
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Hot issue", assigneeAgentId: worker.agent.id }, headers: board }),
    201,
  );
  await json(
    await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: worker.agent.id, expectedStatuses: ["todo"] }, headers: worker.headers }),
    200,
  );

  const responses = await Promise.all(
    Array.from({ length: 100 }, (_, index) =>
      request.patch(`/api/issues/${issue.id}`, { data: { description: `Revision ${index}`, comment: `Progress note ${index}` }, headers: worker.headers }),
    ),
  );
  const statuses = responses.map((response) => response.status());
  expect(
    statuses.filter((status) => status !== 200),
    `statuses: ${JSON.stringify(statuses)}`,
  ).toEqual([]);
  const comments = await json(await request.get(`/api/issues/${issue.id}/comments?limit=500`, { headers: board }), 200);
  expect(comments).toHaveLength(100);
  expect(new Set(comments.map((comment: { body: string }) => comment.body)).size).toBe(100);
  const stored = await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200);
  expect(stored).toMatchObject({ status: "in_progress", assigneeAgentId: worker.agent.id });
});

test("50 concurrent PATCHes on 50 issues with review policies and blockers: 200 where the rules allow, a clean 422 where a blocker is open", async ({
  request,
  baseURL,
}) => {
  const { board, company, agents } = await companyWithAgents(request, baseURL!, "Busy Company", ["Executor", "Reviewer"]);
  const [executor, reviewer] = agents;
  const openBlocker = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Still open" }, headers: board }), 201);
  const executionPolicy = { stages: [{ type: "review", participants: [{ type: "agent", agentId: reviewer.agent.id }] }] };
  const issues = [];
  for (let index = 0; index < 50; index += 1) {
    const blocked = index % 2 === 1;
    const data = {
      title: `Parallel ${index}`,
      assigneeAgentId: executor.agent.id,
      executionPolicy,
      ...(blocked ? { blockedByIssueIds: [openBlocker.id] } : {}),
    };
    issues.push({ blocked, issue: await json(await request.post(`/api/companies/${company.id}/issues`, { data, headers: board }), 201) });
  }
  const responses = await Promise.all(
    issues.map(({ blocked, issue }) =>
      request.patch(`/api/issues/${issue.id}`, {
        data: blocked ? { status: "in_progress", comment: "Starting" } : { status: "done", comment: "Finished" },
        headers: executor.headers,
      }),
    ),
  );
  for (const [index, response] of responses.entries()) {
    const body = await response.json();
    if (issues[index].blocked) {
      expect([response.status(), body.code]).toEqual([422, "blockers_unresolved"]);
    } else {
      expect(response.status(), JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ status: "in_review", assigneeAgentId: reviewer.agent.id });
    }
  }
  // Each refused PATCH wrote nothing, its comment included; each accepted one wrote exactly its own.
  for (const { blocked, issue } of issues) {
    const comments = await json(await request.get(`/api/issues/${issue.id}/comments`, { headers: board }), 200);
    expect(comments.map((comment: { body: string }) => comment.body)).toEqual(blocked ? [] : ["Finished"]);
  }
});

test("checked-out work is exclusive: another agent's status or assignee change is 409 naming the holder, its comment is 201; the holder's manager may reassign", async ({
  request,
  baseURL,
}) => {
  const { board, company, agents } = await companyWithAgents(request, baseURL!, "Exclusive Work", ["Holder", "Bystander", "Lead"]);
  const [holder, bystander, lead] = agents;
  await json(await request.patch(`/api/agents/${holder.agent.id}`, { data: { reportsTo: lead.agent.id }, headers: board }), 200);
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Mine now", assigneeAgentId: holder.agent.id }, headers: board }),
    201,
  );
  await json(
    await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: holder.agent.id, expectedStatuses: ["todo"] }, headers: holder.headers }),
    200,
  );

  for (const data of [{ status: "done" }, { assigneeAgentId: bystander.agent.id }, { title: "Renamed by someone else" }]) {
    const refused = await request.patch(`/api/issues/${issue.id}`, { data, headers: bystander.headers });
    expect(refused.status()).toBe(409);
    expect(await refused.json()).toMatchObject({
      code: "checkout_conflict",
      details: { reason: "held_by_other_agent", assigneeAgentId: holder.agent.id, checkoutRunId: holder.headers["x-paperclip-run-id"] },
    });
  }
  const release = await request.post(`/api/issues/${issue.id}/release`, { headers: bystander.headers });
  expect([release.status(), (await release.json()).code]).toEqual([409, "checkout_conflict"]);
  await json(await request.post(`/api/issues/${issue.id}/comments`, { data: { body: "Need a hand?" }, headers: bystander.headers }), 201);
  expect(await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).toMatchObject({
    status: "in_progress",
    title: "Mine now",
    assigneeAgentId: holder.agent.id,
  });

  const reassigned = await json(
    await request.patch(`/api/issues/${issue.id}`, { data: { assigneeAgentId: bystander.agent.id, comment: "Taking this over" }, headers: lead.headers }),
    200,
  );
  expect(reassigned).toMatchObject({ assigneeAgentId: bystander.agent.id, checkoutRunId: null });
});

test("a review cannot be skipped by reopening: done after a comment reopen goes back to the reviewer", async ({ request, baseURL }) => {
  const { board, company, agents } = await companyWithAgents(request, baseURL!, "Reopened Review", ["Executor", "Reviewer"]);
  const [executor, reviewer] = agents;
  const executionPolicy = { stages: [{ type: "review", participants: [{ type: "agent", agentId: reviewer.agent.id }] }] };
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, {
      data: { title: "Reviewed twice", assigneeAgentId: executor.agent.id, executionPolicy },
      headers: board,
    }),
    201,
  );
  const checkout = () =>
    request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: executor.agent.id, expectedStatuses: ["todo"] }, headers: executor.headers });
  await json(await checkout(), 200);
  expect(
    await json(await request.patch(`/api/issues/${issue.id}`, { data: { status: "done", comment: "First pass" }, headers: executor.headers }), 200),
  ).toMatchObject({ status: "in_review", assigneeAgentId: reviewer.agent.id });
  expect(
    await json(await request.patch(`/api/issues/${issue.id}`, { data: { status: "done", comment: "Looks good" }, headers: reviewer.headers }), 200),
  ).toMatchObject({ status: "done", assigneeAgentId: executor.agent.id });

  await json(await request.post(`/api/issues/${issue.id}/comments`, { data: { body: "One more case to cover", reopen: true }, headers: board }), 201);
  expect(await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).toMatchObject({ status: "todo", executionState: null });
  await json(await checkout(), 200);
  const again = await json(
    await request.patch(`/api/issues/${issue.id}`, { data: { status: "done", comment: "Second pass" }, headers: executor.headers }),
    200,
  );
  expect(again).toMatchObject({ status: "in_review", assigneeAgentId: reviewer.agent.id, executionState: { status: "pending", currentStageType: "review" } });
});
