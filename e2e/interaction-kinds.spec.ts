import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { bearer, json, setUpBoard, threadCard, waitForHydration } from "./support";

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`interaction kinds at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("the board picks suggested tasks, ticks a checklist and withdraws its own question, by keyboard", async ({ page, context, request, baseURL }) => {
      const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `Kinds ${viewport.width}`);
      const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
      const issue = await json(
        await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Plan the rollout", assigneeAgentId: agent.id }, headers: board }),
        201,
      );
      await json(await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }), 200);
      const suggested = await json(
        await request.post(`/api/issues/${issue.id}/interactions`, {
          headers: asAgent,
          data: {
            kind: "suggest_tasks",
            payload: {
              version: 1,
              tasks: [
                { clientKey: "api", title: "Build the rollout API", description: "Serve **flags** per company", priority: "high", assigneeAgentId: agent.id },
                { clientKey: "api-tests", parentClientKey: "api", title: "Test the rollout API" },
                { clientKey: "docs", title: "Document the rollout" },
              ],
            },
          },
        }),
        201,
      );
      const checklist = await json(
        await request.post(`/api/issues/${issue.id}/interactions`, {
          headers: asAgent,
          data: {
            kind: "request_checkbox_confirmation",
            payload: {
              version: 1,
              prompt: "Before the flag flips:",
              options: [
                { id: "backup", label: "A backup exists", required: true },
                { id: "notify", label: "Support is told", description: "Post in _#support_" },
              ],
            },
          },
        }),
        201,
      );
      const mine = await json(
        await request.post(`/api/issues/${issue.id}/interactions`, {
          headers: board,
          data: { kind: "request_confirmation", payload: { version: 1, prompt: "Should the agent also clean up old flags?" } },
        }),
        201,
      );

      await page.goto(`/issues/${issue.identifier}`);

      // Suggested tasks: leave the docs out (Space on its checkbox), accept the rest with the keyboard.
      const tasksCard = threadCard(page, suggested.id);
      await expect(tasksCard.getByTestId("interaction-outcome")).toHaveText("Pending");
      await expect(tasksCard.locator("strong", { hasText: "flags" })).toBeVisible();
      const docs = tasksCard.getByRole("checkbox", { name: "Document the rollout" });
      await waitForHydration(docs);
      await docs.focus();
      await page.keyboard.press("Space");
      await expect(docs).not.toBeChecked();
      // Unticking a parent unticks the task nested under it; ticking the child ticks the parent again.
      await tasksCard.getByRole("checkbox", { name: "Build the rollout API" }).uncheck();
      await expect(tasksCard.getByRole("checkbox", { name: "Test the rollout API" })).not.toBeChecked();
      await expect(tasksCard.getByRole("button", { name: "Accept selected (0)" })).toBeDisabled();
      await tasksCard.getByRole("checkbox", { name: "Test the rollout API" }).check();
      await expect(tasksCard.getByRole("checkbox", { name: "Build the rollout API" })).toBeChecked();
      const acceptTasks = tasksCard.getByRole("button", { name: "Accept selected (2)" });
      await acceptTasks.focus();
      await page.keyboard.press("Enter");
      await expect(tasksCard.getByTestId("interaction-outcome")).toHaveText("Accepted");
      await expect(tasksCard).toContainText("2 issues created, 1 left out.");
      const children = await json(await request.get(`/api/companies/${company.id}/issues?parentId=${issue.id}`, { headers: board }), 200);
      expect(children.map((child: { title: string }) => child.title)).toEqual(["Build the rollout API"]);
      const api = children[0];
      await expect(tasksCard.getByRole("link", { name: new RegExp(`${api.identifier} · Build the rollout API`) })).toBeVisible();
      await expect(tasksCard.getByText("Not created")).toBeVisible();

      // The checklist: Accept waits for the required box.
      const checklistCard = threadCard(page, checklist.id);
      const acceptChecklist = checklistCard.getByRole("button", { name: "Accept", exact: true });
      await expect(acceptChecklist).toBeDisabled();
      await expect(checklistCard).toContainText("Tick “A backup exists” to accept.");
      await checklistCard.getByRole("checkbox", { name: /A backup exists/ }).focus();
      await page.keyboard.press("Space");
      await expect(acceptChecklist).toBeEnabled();
      await acceptChecklist.focus();
      await page.keyboard.press("Enter");
      await expect(checklistCard.getByTestId("interaction-outcome")).toHaveText("Accepted");
      await expect(checklistCard.getByRole("checkbox", { name: /A backup exists/ })).toBeChecked();
      await expect(checklistCard.getByRole("checkbox", { name: /A backup exists/ })).toBeDisabled();

      // The board user's own question can be withdrawn; the agent's cards never offered it.
      await expect(tasksCard.getByRole("button", { name: "Withdraw" })).toHaveCount(0);
      const mineCard = threadCard(page, mine.id);
      const withdrawButton = mineCard.getByRole("button", { name: "Withdraw" });
      await withdrawButton.focus();
      await page.keyboard.press("Enter");
      await expect(mineCard.getByTestId("interaction-outcome")).toHaveText("Withdrawn");
      await expect(mineCard.getByRole("button", { name: "Accept" })).toHaveCount(0);

      // Nothing in the cards runs past the viewport's right edge.
      for (const card of [tasksCard, checklistCard, mineCard]) {
        const box = await card.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      }
    });
  });
}
