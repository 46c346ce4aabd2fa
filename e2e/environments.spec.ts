import { randomUUID } from "node:crypto";
import os from "node:os";
import { expect, test } from "@playwright/test";
import { planConfirmationBody } from "./fixtures/plan-confirmation";
import { bearer, isolatingProject, json, setUpBoard, threadCard } from "./support";

test("a workspace reused in another environment is a conflict the board resolves by moving the issue to a fresh workspace", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Environment Works");
  const setSwitch = (enableIsolatedWorkspaces: boolean) =>
    request.patch("/api/instance/settings/experimental", { data: { enableIsolatedWorkspaces }, headers: board });
  await json(await setSwitch(true), 200);
  const getIssue = async (id: string) => json(await request.get(`/api/issues/${id}`, { headers: board }), 200);
  const getWorkspace = async (id: string) => json(await request.get(`/api/execution-workspaces/${id}`, { headers: board }), 200);

  try {
    // A project isolating each task in a worktree of a real git checkout.
    const project = await isolatingProject(request, board, company.id, "Platform");

    // Assigned while the agent has no adapter yet, so its wake waits; its checkout provisions the workspace in the instance default.
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, {
        data: { title: "Migrate the billing job", projectId: project.id, assigneeAgentId: agent.id },
        headers: board,
      }),
      201,
    );
    const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
    await json(
      await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["backlog", "todo"] }, headers: asAgent }),
      200,
    );
    const firstWorkspaceId: string = (await getIssue(issue.id)).executionWorkspaceId;
    expect(firstWorkspaceId).toEqual(expect.any(String));
    const [instanceDefault] = await json(await request.get(`/api/companies/${company.id}/environments`, { headers: board }), 200);
    expect(instanceDefault).toMatchObject({ isDefault: true, status: "active" });
    expect((await getWorkspace(firstWorkspaceId)).environmentId).toBe(instanceDefault.id);

    // Settings → Environments: the default is listed first and marked; the board adds a second one.
    await page.goto("/settings?tab=environments");
    const table = page.getByRole("table", { name: "Environments" });
    await expect(table.getByRole("row").nth(1)).toContainText(instanceDefault.name);
    await expect(table.getByRole("row").nth(1)).toContainText("Instance default");
    await page.getByRole("button", { name: "New environment" }).click();
    const dialog = page.getByRole("dialog", { name: "New environment" });
    await dialog.getByLabel("Name", { exact: true }).fill("Sandbox");
    await dialog.getByLabel("Description").fill("Runs with the sandbox toolchain");
    await dialog.getByRole("button", { name: "Add variable" }).click();
    await expect(dialog.getByLabel("Variable 1 name")).toBeFocused();
    await dialog.getByLabel("Variable 1 name").fill("1BAD");
    await dialog.getByLabel("Variable 1 value").fill("yes");
    await dialog.getByRole("button", { name: "Create environment" }).click();
    // A name no shell accepts is caught before anything is sent.
    await expect(dialog.getByText("Letters, digits and _ only, not starting with a digit.")).toBeVisible();
    await dialog.getByLabel("Variable 1 name").fill("SANDBOX");
    await dialog.getByRole("button", { name: "Create environment" }).click();
    await expect(dialog).toBeHidden();
    const sandboxRow = table.locator("tr[data-environment=Sandbox]");
    await expect(sandboxRow).toContainText("SANDBOX");
    const environments = await json(await request.get(`/api/companies/${company.id}/environments`, { headers: board }), 200);
    const sandbox = environments.find((environment: { name: string }) => environment.name === "Sandbox");
    expect(sandbox).toMatchObject({ isDefault: false, driver: "local", envVars: { SANDBOX: "yes" }, description: "Runs with the sandbox toolchain" });

    // A new agent can start out in Sandbox: the dialog says what that means for its runs.
    await page.goto("/agents");
    await page.getByRole("button", { name: "New agent" }).first().click();
    const agentDialog = page.getByRole("dialog");
    await agentDialog.getByLabel("Name", { exact: true }).fill("Sandboxed bot");
    await agentDialog.getByLabel("Default environment").selectOption({ label: "Sandbox" });
    await expect(agentDialog.getByText("Runs use this environment unless the issue or its project's workspace policy names another.")).toBeVisible();
    await agentDialog.getByRole("button", { name: "Create agent" }).click();
    await expect(agentDialog).toBeHidden();
    const agents = await json(await request.get(`/api/companies/${company.id}/agents`, { headers: board }), 200);
    expect(agents.find((candidate: { name: string }) => candidate.name === "Sandboxed bot")).toMatchObject({ defaultEnvironmentId: sandbox.id });

    // The project's workspace policy now names Sandbox, chosen on the project's Overview.
    await page.goto(`/projects/${project.id}`);
    await page.getByLabel("Environment", { exact: true }).selectOption({ label: "Sandbox" });
    await expect
      .poll(async () => (await json(await request.get(`/api/projects/${project.id}`, { headers: board }), 200)).executionWorkspacePolicy?.environmentId)
      .toBe(sandbox.id);

    // The agent gets an adapter that exits at once: the scheduler delivers the waiting wake, and its run, meant for
    // Sandbox by the project policy, finds the issue's workspace in the instance default and does not start there.
    const adapterConfig = { command: process.execPath, args: ["-e", "process.exit(0)"], cwd: os.tmpdir() };
    await json(
      await request.patch(`/api/agents/${agent.id}`, { data: { adapterType: "process", adapterConfig, replaceAdapterConfig: true }, headers: board }),
      200,
    );
    await expect.poll(async () => (await getIssue(issue.id)).workspaceConflict?.workspaceId, { timeout: 30_000 }).toBe(firstWorkspaceId);
    const conflicted = await getIssue(issue.id);
    expect(conflicted.workspaceConflict).toMatchObject({
      rule: "project_policy",
      intendedEnvironment: { id: sandbox.id },
      workspaceEnvironment: { id: instanceDefault.id },
    });
    const conflictRun = await json(await request.get(`/api/heartbeat-runs/${conflicted.workspaceConflict.runId}`, { headers: board }), 200);
    expect(conflictRun).toMatchObject({
      status: "failed",
      environmentId: sandbox.id,
      environmentRule: "project_policy",
      environmentConflict: { workspaceId: firstWorkspaceId },
    });

    // The issue page: the thread says what happened, from Switchboard itself, and asks the board to decide.
    await page.goto(`/issues/${issue.identifier}`);
    const card = page.getByRole("listitem", { name: "Workspace environment conflict" });
    await expect(card).toBeVisible();
    await expect(card.getByTestId("conflict-workspace-environment")).toHaveText(instanceDefault.name);
    await expect(card.getByTestId("conflict-intended-environment")).toHaveText("Sandbox");
    await expect(card.getByTestId("conflict-rule")).toHaveText("project workspace policy");
    await expect(card.getByRole("link", { name: (await getWorkspace(firstWorkspaceId)).name })).toHaveAttribute("href", `/workspaces/${firstWorkspaceId}`);
    await expect(card.getByRole("button", { name: `Use ${instanceDefault.name} for this issue` })).toBeVisible();
    const systemComment = page.locator("li[data-system-comment]").filter({ hasText: "Workspace environment conflict" });
    await expect(systemComment).toContainText("Switchboard");
    await expect(systemComment).not.toContainText("Unknown");
    const details = page.getByRole("complementary", { name: "Issue details" });
    await expect(details.getByText("environment conflict", { exact: true })).toBeVisible();

    // The run page names the environment, the rule, and why it did not start.
    await page.goto(`/runs/${conflictRun.id}`);
    await expect(page.getByTestId("run-environment")).toContainText("Sandbox");
    await expect(page.getByTestId("run-environment")).toContainText("project workspace policy");
    await expect(page.getByRole("note", { name: "Environment conflict" })).toContainText(instanceDefault.name);

    // Move to a fresh workspace: the card goes, and the assignee's next run provisions one in Sandbox.
    await page.goto(`/issues/${issue.identifier}`);
    await card.getByRole("button", { name: "Move to a fresh workspace" }).click();
    await expect(card).toHaveCount(0);
    expect((await getIssue(issue.id)).workspaceConflict).toBeNull();
    await expect.poll(async () => (await getIssue(issue.id)).executionWorkspaceId, { timeout: 30_000 }).not.toBe(firstWorkspaceId);
    await expect.poll(async () => (await getIssue(issue.id)).executionWorkspaceId, { timeout: 30_000 }).toEqual(expect.any(String));
    const freshWorkspaceId: string = (await getIssue(issue.id)).executionWorkspaceId;
    const fresh = await getWorkspace(freshWorkspaceId);
    expect(fresh).toMatchObject({ environmentId: sandbox.id, environment: { id: sandbox.id, name: "Sandbox" }, environmentConflict: null });
    expect(fresh.cwd).not.toBe((await getWorkspace(firstWorkspaceId)).cwd);
    // The old workspace is left as it was, in the instance default, no longer flagged.
    expect(await getWorkspace(firstWorkspaceId)).toMatchObject({ environmentId: instanceDefault.id, environmentConflict: null });

    // The run after the resolution worked in the fresh workspace, in Sandbox.
    await expect
      .poll(
        async () => {
          const runs = await json(await request.get(`/api/companies/${company.id}/heartbeat-runs?issueId=${issue.id}`, { headers: board }), 200);
          return runs.find((run: { id: string }) => run.id !== conflictRun.id)?.status;
        },
        { timeout: 30_000 },
      )
      .toBe("succeeded");
    const runs = await json(await request.get(`/api/companies/${company.id}/heartbeat-runs?issueId=${issue.id}`, { headers: board }), 200);
    expect(runs.find((run: { id: string }) => run.id !== conflictRun.id)).toMatchObject({ environmentId: sandbox.id, environmentConflict: null });

    // The page follows without a reload: the new workspace, in Sandbox, and no conflict badge.
    const workspaceLink = details.getByTestId("issue-workspace").getByRole("link");
    await expect(workspaceLink).toHaveAttribute("href", `/workspaces/${freshWorkspaceId}`);
    await expect(details.getByTestId("issue-workspace-environment")).toHaveText("Sandbox");
    await expect(details.getByText("environment conflict", { exact: true })).toHaveCount(0);

    // The workspace page says where it lives.
    await workspaceLink.click();
    await expect(page).toHaveURL(new RegExp(`/workspaces/${freshWorkspaceId}`));
    await page.getByRole("tab", { name: "Configuration" }).click();
    await expect(page.getByTestId("workspace-environment")).toHaveText("Sandbox");
    await expect(page.getByRole("heading", { name: "Troubleshooting" })).toBeVisible();
  } finally {
    // Other specs expect the instance as it was: the switch off.
    await setSwitch(false);
  }
});

test("accepting a plan while the issue's workspace is still provisioning waits for it to settle, then applies", async ({ page, context, request, baseURL }) => {
  test.setTimeout(120_000);
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Settle Works");
  const setSwitch = (enableIsolatedWorkspaces: boolean) =>
    request.patch("/api/instance/settings/experimental", { data: { enableIsolatedWorkspaces }, headers: board });
  await json(await setSwitch(true), 200);
  const getIssue = async (id: string) => json(await request.get(`/api/issues/${id}`, { headers: board }), 200);

  try {
    // Provisioning this project's workspaces takes a few seconds: its setup command sleeps.
    const project = await isolatingProject(request, board, company.id, "Slow setup", { setupCommand: "sleep 8" });

    // The agent asks for its plan to be confirmed, then checks the issue out, which starts provisioning.
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, {
        data: { title: "Split the monolith", projectId: project.id, assigneeAgentId: agent.id },
        headers: board,
      }),
      201,
    );
    const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
    const plan = await json(
      await request.put(`/api/issues/${issue.id}/documents/plan`, {
        data: { format: "markdown", title: "Plan", body: "# Plan\n\n1. Carve out billing" },
        headers: asAgent,
      }),
      201,
    );
    const confirmation = await json(
      await request.post(`/api/issues/${issue.id}/interactions`, { headers: asAgent, data: planConfirmationBody(issue.id, plan) }),
      201,
    );
    const checkout = request.post(`/api/issues/${issue.id}/checkout`, {
      data: { agentId: agent.id, expectedStatuses: ["backlog", "todo"] },
      headers: asAgent,
      timeout: 60_000,
    });
    await expect
      .poll(async () => {
        const workspaceId = (await getIssue(issue.id)).executionWorkspaceId;
        return workspaceId ? (await json(await request.get(`/api/execution-workspaces/${workspaceId}`, { headers: board }), 200)).finalizing?.phase : null;
      })
      .toBe("provision");
    const workspaceId: string = (await getIssue(issue.id)).executionWorkspaceId;

    // Accepting now is held, not refused: the card and the page say it waits, and nothing is accepted yet.
    await page.goto(`/issues/${issue.identifier}`);
    const card = threadCard(page, confirmation.id);
    await card.getByRole("button", { name: "Accept" }).click();
    await expect(card.getByRole("status")).toContainText("Waiting for the workspace to settle");
    await expect(card.getByRole("alert")).toHaveCount(0);
    const banner = page.getByRole("status", { name: "Waiting for the workspace to settle" });
    await expect(banner).toContainText("An accepted confirmation waits for");
    await expect(banner).toContainText("to finish provisioning");
    await expect(banner.getByRole("link")).toHaveAttribute("href", `/workspaces/${workspaceId}`);
    const held = await getIssue(issue.id);
    expect(held.heldActions).toEqual([expect.objectContaining({ kind: "interaction_accept", interactionId: confirmation.id })]);
    expect((await json(await request.get(`/api/issues/${issue.id}/interactions`, { headers: board }), 200))[0].status).toBe("pending");

    // Once provisioning ends the acceptance is applied on its own, and the page follows.
    await json(await checkout, 200);
    await expect(card.getByTestId("interaction-outcome")).toHaveText("Accepted", { timeout: 30_000 });
    await expect(banner).toHaveCount(0);
    expect((await getIssue(issue.id)).heldActions).toEqual([]);
  } finally {
    await setSwitch(false);
  }
});
