import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { planConfirmationBody } from "./fixtures/plan-confirmation";
import { bearer, json, setUpBoard, threadCard } from "./support";

const PLAN_V1 = "# Plan\n\n1. Add a sliding window limiter\n2. Write tests";
const PLAN_V2 = "# Plan\n\n1. Add a token bucket limiter\n2. Write tests\n3. Document the limits";

test("the board reads a plan, rejects it with a reason, accepts the revised one, and approves an approval", async ({ page, context, request, baseURL }) => {
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Plan Works");
  const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Rate limit the API", assigneeAgentId: agent.id }, headers: board }),
    201,
  );
  await json(await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }), 200);
  const v1 = await json(
    await request.put(`/api/issues/${issue.id}/documents/plan`, { data: { format: "markdown", title: "Plan", body: PLAN_V1 }, headers: asAgent }),
    201,
  );
  const v2 = await json(
    await request.put(`/api/issues/${issue.id}/documents/plan`, {
      data: { format: "markdown", title: "Plan", body: PLAN_V2, baseRevisionId: v1.latestRevisionId, changeSummary: "Token bucket instead" },
      headers: asAgent,
    }),
    200,
  );
  const confirm = (document: { id: string; latestRevisionId: string; latestRevisionNumber: number }) =>
    request.post(`/api/issues/${issue.id}/interactions`, { headers: asAgent, data: planConfirmationBody(issue.id, document) });
  const first = await json(await confirm(v2), 201);

  // The board reads the plan the card asks about, its history and what changed.
  await page.goto(`/issues/${issue.identifier}`);
  const firstCard = threadCard(page, first.id);
  await expect(firstCard.getByTestId("interaction-outcome")).toHaveText("Pending");
  await expect(firstCard.getByRole("link", { name: "Plan · revision 2" })).toBeVisible();
  await expect(firstCard.getByText("Add a token bucket limiter")).toBeVisible();
  await firstCard.getByRole("button", { name: "Compare" }).click();
  const diff = firstCard.getByRole("region", { name: "Changes from revision 1 to 2" });
  await expect(diff.locator('[data-change="removed"]')).toContainText(["1. Add a sliding window limiter"]);
  await expect(diff.locator('[data-change="added"]')).toContainText(["1. Add a token bucket limiter", "3. Document the limits"]);
  await firstCard.getByRole("button", { name: "History (2)" }).click();
  await expect(firstCard.getByRole("list", { name: "Plan revisions" })).toContainText("Token bucket instead");

  // Rejecting needs a reason; the card then shows the outcome, who decided and the reason.
  await firstCard.getByRole("button", { name: "Request changes" }).click();
  const send = firstCard.getByRole("button", { name: "Request changes" });
  await expect(send).toBeDisabled();
  await firstCard.getByLabel(/What should change/).fill("Limit per company, not per key.");
  await send.click();
  await expect(firstCard.getByTestId("interaction-outcome")).toHaveText("Rejected");
  await expect(firstCard).toContainText("Rejected by");
  await expect(firstCard).toContainText("“Limit per company, not per key.”");
  await expect(firstCard.getByRole("button", { name: "Accept" })).toHaveCount(0);
  const wakes = await json(await request.get(`/api/agents/${agent.id}/wakeups`, { headers: board }), 200);
  expect(wakes[0].payload).toMatchObject({ interactionId: first.id, outcome: "rejected", reason: "Limit per company, not per key." });

  // The agent revises the plan and asks again; the new card arrives live and the board accepts it.
  const v3 = await json(
    await request.put(`/api/issues/${issue.id}/documents/plan`, {
      data: { format: "markdown", title: "Plan", body: `${PLAN_V2}\n4. Buckets per company`, baseRevisionId: v2.latestRevisionId },
      headers: asAgent,
    }),
    200,
  );
  const second = await json(await confirm(v3), 201);
  const secondCard = threadCard(page, second.id);
  await expect(secondCard.getByTestId("interaction-outcome")).toHaveText("Pending");
  await expect(secondCard.getByRole("link", { name: "Plan · revision 3" })).toBeVisible();
  await secondCard.getByRole("button", { name: "Accept" }).click();
  await expect(secondCard.getByTestId("interaction-outcome")).toHaveText("Accepted");
  await expect(firstCard.getByTestId("interaction-outcome")).toHaveText("Rejected");

  // An approval linked to the issue shows in its thread and is decided from the Approvals page.
  const approval = await json(
    await request.post(`/api/companies/${company.id}/approvals`, {
      headers: asAgent,
      data: {
        type: "request_board_approval",
        issueIds: [issue.id],
        payload: {
          title: "Approve Redis hosting",
          summary: "Token buckets need Redis: $15/month.",
          recommendedAction: "Approve the managed plan.",
          risks: ["Another service to run"],
        },
      },
    }),
    201,
  );
  await expect(page.getByRole("list", { name: "Thread" }).getByRole("link", { name: "Approve Redis hosting" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
  await expect(page.getByRole("tab", { name: "Pending" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("link", { name: "Approve Redis hosting" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Approve Redis hosting");
  await expect(page.getByText("Another service to run")).toBeVisible();
  await expect(page.getByRole("link", { name: "Rate limit the API" })).toBeVisible();
  await page.getByLabel("Decision note (optional)").fill("Go, but cap it at $20.");
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByText("“Go, but cap it at $20.”")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  const decided = await json(await request.get(`/api/approvals/${approval.id}`, { headers: board }), 200);
  expect(decided).toMatchObject({ status: "approved", decisionNote: "Go, but cap it at $20." });
  const approvalWake = (await json(await request.get(`/api/agents/${agent.id}/wakeups`, { headers: board }), 200))[0];
  expect(approvalWake).toMatchObject({
    reason: "approval_approved",
    payload: { approvalId: approval.id, approvalStatus: "approved", decisionNote: "Go, but cap it at $20." },
  });

  await page.getByRole("link", { name: "Approvals" }).first().click();
  await expect(page.getByRole("heading", { name: "Nothing waiting for the board" })).toBeVisible();
  await page.getByRole("tab", { name: "All" }).click();
  await expect(page.getByRole("link", { name: "Approve Redis hosting" })).toBeVisible();
});
