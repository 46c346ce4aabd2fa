import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminBoardKey, bearer, json } from "../support";

test("review stages over HTTP: the executor cannot approve itself (422), the reviewer agent approves and the executor is woken", async ({
  request,
  baseURL,
}) => {
  const board = bearer(await adminBoardKey(request, baseURL!));
  const company = await json(await request.post("/api/companies", { data: { name: "Stage Works" }, headers: board }), 201);
  const makeAgent = async (name: string) => {
    const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { data: { name }, headers: board }), 201);
    const key = await json(await request.post(`/api/agents/${agent.id}/keys`, { data: { name: "e2e" }, headers: board }), 201);
    return { agent, headers: { ...bearer(key.token), "x-paperclip-run-id": randomUUID() } };
  };
  const coder = await makeAgent("Coder");
  const qa = await makeAgent("QA");
  const executionPolicy = { stages: [{ type: "review", participants: [{ type: "agent", agentId: qa.agent.id }] }] };
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, {
      data: { title: "Cache the inbox", assigneeAgentId: coder.agent.id, executionPolicy },
      headers: board,
    }),
    201,
  );
  await json(
    await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: coder.agent.id, expectedStatuses: ["todo"] }, headers: coder.headers }),
    200,
  );

  const submitted = await json(
    await request.patch(`/api/issues/${issue.identifier}`, { data: { status: "done", comment: "Ready for review" }, headers: coder.headers }),
    200,
  );
  expect(submitted).toMatchObject({ status: "in_review", assigneeAgentId: qa.agent.id, executionState: { currentStageType: "review" } });
  const selfApproval = await request.patch(`/api/issues/${issue.identifier}`, { data: { status: "done", comment: "LGTM (me)" }, headers: coder.headers });
  expect(selfApproval.status()).toBe(422);
  expect(selfApproval.headers()["content-type"]).toContain("application/problem+json");
  expect(await selfApproval.json()).toMatchObject({
    code: "not_participant",
    error: "Only the active reviewer or approver can advance the current execution stage",
  });

  const inbox = await json(await request.get("/api/agents/me/inbox-lite", { headers: qa.headers }), 200);
  expect(inbox.map((item: { id: string }) => item.id)).toContain(issue.id);
  const approved = await json(
    await request.patch(`/api/issues/${issue.identifier}`, { data: { status: "done", comment: "Reviewed the cache keys." }, headers: qa.headers }),
    200,
  );
  expect(approved).toMatchObject({ status: "done", assigneeAgentId: coder.agent.id, executionState: { status: "completed" } });
  const wakes = await json(await request.get(`/api/agents/${coder.agent.id}/wakeups`, { headers: board }), 200);
  expect(wakes[0]).toMatchObject({ reason: "execution_completed", payload: { decisionComment: "Reviewed the cache keys." } });
  const decisions = await json(await request.get(`/api/issues/${issue.id}/execution-decisions`, { headers: coder.headers }), 200);
  expect(decisions).toEqual([expect.objectContaining({ outcome: "approved", stageType: "review", actorAgentId: qa.agent.id })]);
});
