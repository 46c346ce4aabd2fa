import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { bearer, isolatingProject, json, setUpBoard } from "./support";

/** The page scrolls vertically only: nothing wider than the viewport (one pixel of rounding allowed). */
async function expectNoHorizontalOverflow(page: Page, what: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    clientWidth: document.scrollingElement!.clientWidth,
  }));
  expect.soft(scrollWidth, `${what} overflows horizontally`).toBeLessThanOrEqual(clientWidth + 1);
}

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`routines at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("create a scheduled routine in the dialog, see its schedule in words, run it and follow the run to its issue", async ({
      page,
      context,
      request,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const { board, company, agent } = await setUpBoard({ page, context, request, baseURL: baseURL! }, `Routine Works ${viewport.width}`);
      await page.goto("/routines");
      await expect(page.getByRole("heading", { name: "No routines yet" })).toBeVisible();

      // The dialog: a bad cron is caught as you type and on submit, next to its field; a preset fixes it.
      await page.getByRole("button", { name: "New routine" }).click();
      const dialog = page.getByRole("dialog", { name: "New routine" });
      await dialog.getByLabel("Title template").fill("Daily check {{date}}");
      await dialog.getByLabel("Assignee agent").selectOption({ label: agent.name });
      await dialog.getByLabel("When the last issue is still open").selectOption({ label: "Always create" });
      await dialog.getByLabel("Cron expression").fill("61 * * * *");
      await expect(dialog.getByText(/minute 61 is out of range/)).toBeVisible();
      await dialog.getByRole("button", { name: "Create routine" }).click();
      await expect(dialog.getByLabel("Cron expression")).toHaveAttribute("aria-invalid", "true");
      await dialog.getByLabel("Repeat").selectOption({ label: "Every hour" });
      await expect(dialog.getByLabel("Cron expression")).toHaveValue("0 * * * *");
      await expect(dialog.getByTestId("schedule-words")).toContainText("Every hour");
      await expect(dialog.getByText(/^Next: .+ · .+ · .+$/)).toBeVisible();
      await dialog.getByRole("button", { name: "Create routine" }).click();
      await expect(dialog).toBeHidden();

      // The list: its schedule in words, a next run, never run yet, active.
      const row = page.getByTestId("routine-row").filter({ hasText: "Daily check {{date}}" });
      await expect(row.getByTestId("routine-schedule")).toContainText("Every hour");
      await expect(row).toContainText(agent.name);
      await expect(row).toContainText("Never run");
      await expect(row.getByText("Active", { exact: true })).toBeVisible();
      await expect(row.locator("time")).toHaveText(/^in \d+ min$|^now$|^in 1 h$/);
      // A cold load of the list hydrates cleanly (times are written against the render time), and fits a phone.
      const hydrationErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && /hydrat|#418|#423|#425/i.test(message.text())) hydrationErrors.push(message.text());
      });
      await page.reload();
      await expect(row.getByTestId("routine-schedule")).toContainText("Every hour");
      await expectNoHorizontalOverflow(page, "/routines");

      // The routine's page: Run now records a run that created an issue.
      await row.getByRole("link", { name: "Daily check {{date}}" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Daily check {{date}}");
      await expect(page.getByTestId("routine-trigger")).toContainText("Every hour");
      await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
      await expectNoHorizontalOverflow(page, "the routine's page");
      await page.getByRole("button", { name: "Run now", exact: true }).click();
      const run = page.getByTestId("routine-run").first();
      await expect(run).toHaveAttribute("data-status", "issue_created");
      await expect(run).toContainText("Manual");
      const issueLink = run.getByRole("link");
      const identifier = (await issueLink.textContent())!.trim();
      expect(identifier).toMatch(/^[A-Z][A-Z0-9]*-\d+$/);

      // The issue: assigned to the agent, its title with the date filled in.
      await issueLink.click();
      await expect(page).toHaveURL(new RegExp(`/issues/${identifier}$`));
      await expect(page.getByRole("heading", { level: 1 })).toContainText(/Daily check \d{4}-\d{2}-\d{2}/);
      const issue = await json(await request.get(`/api/issues/${identifier}`, { headers: board }), 200);
      expect(issue).toMatchObject({ assigneeAgentId: agent.id, companyId: company.id });
      expect(issue.title).toMatch(/^Daily check \d{4}-\d{2}-\d{2}$/);

      // Pause from the page: the list filters by status.
      await page.goto("/routines");
      await page.getByRole("link", { name: "Daily check {{date}}" }).click();
      await page.getByRole("button", { name: "Pause" }).click();
      await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
      await page.goto("/routines?status=active");
      await expect(page.getByRole("heading", { name: "No active routines" })).toBeVisible();
      await page.getByRole("link", { name: "Paused", exact: true }).click();
      await expect(page.getByTestId("routine-row")).toHaveCount(1);
      expect(hydrationErrors).toEqual([]);
    });
  });
}

test("a workspace's Routines tab runs a routine against that workspace, filling its variables", async ({ page, context, request, baseURL }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Workspace Routine Works");
  const setSwitch = (enableIsolatedWorkspaces: boolean) =>
    request.patch("/api/instance/settings/experimental", { data: { enableIsolatedWorkspaces }, headers: board });
  await json(await setSwitch(true), 200);
  try {
    // An execution workspace, as an agent's checkout provisions it.
    const project = await isolatingProject(request, board, company.id, "Website");
    const task = await json(
      await request.post(`/api/companies/${company.id}/issues`, {
        data: { title: "Set up the site", projectId: project.id, assigneeAgentId: agent.id },
        headers: board,
      }),
      201,
    );
    const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
    await json(
      await request.post(`/api/issues/${task.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["backlog", "todo"] }, headers: asAgent }),
      200,
    );
    const workspaceId = (await json(await request.get(`/api/issues/${task.id}`, { headers: board }), 200)).executionWorkspaceId as string;
    const workspace = await json(await request.get(`/api/execution-workspaces/${workspaceId}`, { headers: board }), 200);

    // Empty at first, with a way to create one for this workspace.
    await page.goto(`/workspaces/${workspaceId}?tab=routines`);
    await expect(page.getByRole("heading", { name: "No routines for this workspace" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New routine for this workspace" })).toHaveAttribute("href", new RegExp(`workspaceId=${workspaceId}`));

    // A project routine reading the workspace's branch shows up, and runs here.
    await json(
      await request.post(`/api/companies/${company.id}/routines`, {
        data: { title: "Check {{workspace.branch}}", projectId: project.id, assigneeAgentId: agent.id, concurrencyPolicy: "always_enqueue" },
        headers: board,
      }),
      201,
    );
    await json(
      await request.post(`/api/companies/${company.id}/routines`, { data: { title: "Unrelated {{date}}", projectId: project.id }, headers: board }),
      201,
    );
    const item = page.getByTestId("workspace-routine");
    await expect(item).toHaveCount(1);
    await expect(item).toContainText("Check {{workspace.branch}}");
    await item.getByRole("button", { name: "Run against this workspace" }).click();
    const link = item.getByRole("status").getByRole("link");
    await expect(link).toBeVisible();
    const identifier = (await link.textContent())!.trim();
    const created = await json(await request.get(`/api/issues/${identifier}`, { headers: board }), 200);
    expect(created.title).toBe(`Check ${workspace.branchName}`);
    expect(created.executionWorkspaceId).toBe(workspaceId);
  } finally {
    await json(await setSwitch(false), 200);
  }
});
