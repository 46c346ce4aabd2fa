import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { bearer, json, setUpBoard } from "./support";

/** An issue the agent has finished, now waiting in an approval stage for the signed-in admin. */
async function submittedForApproval(
  request: APIRequestContext,
  board: Record<string, string>,
  companyId: string,
  agent: { id: string },
  agentToken: string,
  adminId: string,
  title: string,
) {
  const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
  const executionPolicy = { stages: [{ type: "approval", participants: [{ type: "user", userId: adminId }] }] };
  const issue = await json(
    await request.post(`/api/companies/${companyId}/issues`, { data: { title, assigneeAgentId: agent.id, executionPolicy }, headers: board }),
    201,
  );
  await json(await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }), 200);
  const submitted = await json(
    await request.patch(`/api/issues/${issue.id}`, { data: { status: "done", comment: "Implemented and tested." }, headers: asAgent }),
    200,
  );
  expect(submitted).toMatchObject({ status: "in_review", assigneeUserId: adminId });
  return issue;
}

test("the approval participant approves from Needs me (issue done), then requests changes on another (back to the executor)", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Review Works");
  const me = await json(await request.get("/api/me", { headers: board }), 200);
  const adminId = me.user?.id ?? me.id;
  const first = await submittedForApproval(request, board, company.id, agent, agentToken, adminId, "Ship the token bucket");

  await page.goto("/");
  await expect(page).toHaveURL(/\/needs-me$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: /Needs me/ })).toContainText("1");
  const card = page.getByRole("list", { name: "Waiting for me" }).getByRole("listitem").filter({ hasText: "Ship the token bucket" });
  await expect(card).toContainText("Approval stage");
  await expect(card.getByRole("button", { name: "Approve" })).toBeDisabled();
  await card.getByLabel("Decision comment").fill("Approved: limits match the pricing page.");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { name: "Nothing needs you" })).toBeVisible();
  const approved = await json(await request.get(`/api/issues/${first.id}`, { headers: board }), 200);
  expect(approved).toMatchObject({ status: "done", assigneeAgentId: agent.id, executionState: { status: "completed", lastDecisionOutcome: "approved" } });

  // A second submission arrives while the page is open and is sent back with changes.
  const second = await submittedForApproval(request, board, company.id, agent, agentToken, adminId, "Add burst credits");
  const secondCard = page.getByRole("list", { name: "Waiting for me" }).getByRole("listitem").filter({ hasText: "Add burst credits" });
  await expect(secondCard).toBeVisible();
  await secondCard.getByLabel("Decision comment").fill("Credits must expire after a day.");
  await secondCard.getByRole("button", { name: "Request changes" }).click();
  await expect(page.getByRole("heading", { name: "Nothing needs you" })).toBeVisible();
  const returned = await json(await request.get(`/api/issues/${second.id}`, { headers: board }), 200);
  expect(returned).toMatchObject({
    status: "in_progress",
    assigneeAgentId: agent.id,
    executionState: { status: "changes_requested", lastDecisionOutcome: "changes_requested" },
  });
  const wakes = await json(await request.get(`/api/agents/${agent.id}/wakeups`, { headers: board }), 200);
  expect(wakes[0]).toMatchObject({ reason: "execution_changes_requested", payload: { decisionComment: "Credits must expire after a day." } });

  // The issue page shows the stage state and the decision in the thread.
  await page.goto(`/issues/${second.identifier}`);
  await expect(page.getByRole("list", { name: "Execution stages" })).toContainText("Changes requested");
  await expect(
    page.getByRole("list", { name: "Thread" }).getByRole("listitem").filter({ hasText: "Credits must expire after a day." }).getByTestId("decision-badge"),
  ).toHaveText("Requested changes · approval stage 1");

  // Stages are set up on the issue page: pick a reviewer, save, and the rail shows the stage.
  const fresh = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Needs a reviewer" }, headers: board }), 201);
  await page.goto(`/issues/${fresh.identifier}`);
  await expect(page.getByText("No review stages")).toBeVisible();
  await page.getByRole("button", { name: "Add stages" }).click();
  const editor = page.getByRole("dialog", { name: "Review stages" });
  await expect(editor.getByRole("button", { name: "Save stages" })).toBeDisabled();
  await editor.getByRole("group", { name: "Stage 1 participants" }).getByLabel(`${agent.name} (agent)`).check();
  await editor.getByRole("button", { name: "Save stages" }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByRole("list", { name: "Execution stages" })).toContainText("1. review");
  const saved = await json(await request.get(`/api/issues/${fresh.id}`, { headers: board }), 200);
  expect(saved.executionPolicy.stages[0].participants).toEqual([expect.objectContaining({ type: "agent", agentId: agent.id })]);
});
