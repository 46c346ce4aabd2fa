import { randomUUID } from "node:crypto";
import net from "node:net";
import { expect, test } from "@playwright/test";
import { bearer, isolatingProject, json, setUpBoard } from "./support";

/** A port nothing listens on right now, for the workspace's web service. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test("enable isolated workspaces, run and stop a service in an agent's workspace, read its log, reject bad runtime JSON and close it", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Workspace Works");
  const setSwitch = (enableIsolatedWorkspaces: boolean) =>
    request.patch("/api/instance/settings/experimental", { data: { enableIsolatedWorkspaces }, headers: board });
  await json(await setSwitch(false), 200);

  try {
    // A project whose primary workspace is a git checkout with a web service and a job, isolating each task.
    const port = await freePort();
    const workspaceRuntime = {
      commands: [
        { id: "web", name: "web", kind: "service", command: `node -e "require('http').createServer((q,s)=>s.end('hi')).listen(process.env.PORT)"`, port },
        { id: "hello", name: "hello", kind: "job", command: "echo hello-from-job" },
      ],
    };
    const project = await isolatingProject(request, board, company.id, "Website", { runtimeConfig: { workspaceRuntime } });

    // The agent checks the task out: that provisions its execution workspace (a git worktree on a new branch).
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, {
        data: { title: "Build the landing page", projectId: project.id, assigneeAgentId: agent.id },
        headers: board,
      }),
      201,
    );
    const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
    await json(
      await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["backlog", "todo"] }, headers: asAgent }),
      200,
    );
    const checkedOut = await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200);
    expect(checkedOut.executionWorkspaceId).toEqual(expect.any(String));
    const workspace = await json(await request.get(`/api/execution-workspaces/${checkedOut.executionWorkspaceId}`, { headers: board }), 200);
    expect(workspace).toMatchObject({ status: "active", runtimeConfigSource: "project_workspace", branchName: `${issue.identifier}-workspace` });

    // Switched off: no sidebar item, and /workspaces sends you back to your issues.
    const nav = page.getByRole("navigation", { name: "Main" });
    await page.goto("/workspaces");
    await expect(page).toHaveURL(/\/issues$/);
    await expect(nav.getByRole("link", { name: "Workspaces" })).toHaveCount(0);

    // Settings → Experimental turns it on, and the sidebar item appears.
    await page.goto("/settings");
    await page.getByRole("tab", { name: "Experimental" }).click();
    const toggle = page.getByRole("switch", { name: "Enable Isolated Workspaces" });
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await nav.getByRole("link", { name: "Workspaces" }).click();
    await expect(page).toHaveURL(/\/workspaces$/);

    // The list: grouped by project, the execution workspace's card with its task and services.
    const group = page.getByRole("region", { name: "Website" });
    const card = group.getByRole("article", { name: `Execution workspace ${workspace.name}` });
    await expect(card).toContainText("Execution workspace");
    await expect(card).toContainText("active");
    await expect(card).toContainText("0/1 services");
    await expect(card.getByRole("link", { name: issue.identifier, exact: true })).toBeVisible();
    await expect(group.getByRole("article", { name: "Project workspace main" })).toBeVisible();
    await card.getByRole("link", { name: workspace.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/workspaces/${workspace.id}`));

    // Detail: breadcrumbs, Tasks by default.
    const breadcrumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(breadcrumbs).toContainText("Projects");
    await expect(breadcrumbs.getByRole("link", { name: "Website" })).toBeVisible();
    await expect(page.getByRole("tab", { name: "Tasks" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("table", { name: "Linked tasks" })).toContainText("Build the landing page");

    // Services: start the web service, see it running and answering, stop it.
    await page.getByRole("tab", { name: "Services" }).click();
    await expect(page).toHaveURL(/tab=services/);
    const web = page.getByRole("listitem", { name: "Service web" });
    await expect(web).toContainText("not started");
    await web.getByRole("button", { name: "Start web", exact: true }).click();
    await expect(web.getByText("Workspace service started.")).toBeVisible({ timeout: 30_000 });
    await expect(web).toContainText("running");
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("hi");
    await web.getByRole("button", { name: "Stop web", exact: true }).click();
    await expect(web.getByText("Workspace service stopped.")).toBeVisible({ timeout: 30_000 });
    await expect(web).toContainText("stopped");

    // Jobs run once and say so.
    const job = page.getByRole("listitem", { name: "Job hello" });
    await job.getByRole("button", { name: "Run hello" }).click();
    await expect(job.getByText("Workspace job completed.")).toBeVisible({ timeout: 30_000 });

    // Runtime logs: the start is there, its full log one click away.
    await page.getByRole("tab", { name: "Runtime logs" }).click();
    const operations = page.getByRole("list", { name: "Workspace operations" });
    await expect(operations.locator("[data-phase=service_start]")).toHaveCount(1);
    await expect(operations.locator("[data-phase=service_stop]")).toHaveCount(1);
    const jobRun = operations.getByRole("listitem").filter({ has: page.locator("[data-phase=job_run]") });
    await expect(jobRun).toContainText("hello-from-job");
    await jobRun.getByRole("button", { name: "View full log" }).click();
    await expect(jobRun.getByLabel("Operation log")).toContainText("hello-from-job");

    // The tab is remembered per workspace.
    await page.goto(`/workspaces/${workspace.id}`);
    await expect(page.getByRole("tab", { name: "Runtime logs" })).toHaveAttribute("aria-selected", "true");

    // Configuration: invalid runtime JSON is caught before anything is sent.
    await page.getByRole("tab", { name: "Configuration" }).click();
    await expect(page.getByRole("note", { name: "Runtime config source" })).toContainText("Project workspace default");
    await page.getByText("Advanced runtime JSON").click();
    await page.getByLabel("Inherit project workspace runtime config").uncheck();
    await page.getByLabel("Runtime config JSON").fill("{ not json");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText(/Runtime JSON is not valid JSON/)).toBeVisible();
    await page.getByLabel("Runtime config JSON").fill("[1, 2]");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText(/Runtime JSON must be a JSON object/)).toBeVisible();
    // A JSON object of the wrong shape is the server's to refuse, under the JSON too.
    await page.getByLabel("Runtime config JSON").fill('{ "commands": [{ "name": "web" }] }');
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /commands\.0\.(command|kind)/ })).toBeVisible();
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    await expect(page.getByLabel("Inherit project workspace runtime config")).toBeChecked();

    // Close: once the task is done nothing blocks it; it ends archived.
    await json(await request.patch(`/api/issues/${issue.id}`, { data: { status: "done" }, headers: asAgent }), 200);
    await page.getByRole("button", { name: `Close workspace ${workspace.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Close ${workspace.name}?` });
    await expect(dialog.getByLabel("Close readiness")).toContainText("Remove git worktree");
    await dialog.getByRole("button", { name: "Close workspace" }).click();
    await expect(page.getByText("Workspace closed and archived.")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("heading", { level: 1 })).toContainText("archived");
    const closed = await json(await request.get(`/api/execution-workspaces/${workspace.id}`, { headers: board }), 200);
    expect(closed.status).toBe("archived");

    // The issue page links to its workspace and sets how its next runs get one.
    await page.goto(`/issues/${issue.identifier}`);
    const details = page.getByRole("complementary", { name: "Issue details" });
    await expect(details.getByRole("link", { name: workspace.name })).toHaveAttribute("href", `/workspaces/${workspace.id}`);
    await expect(details.getByLabel("Workspace mode")).toHaveValue("inherit");
    await details.getByLabel("Workspace mode").selectOption({ label: "Isolated (new workspace)" });
    await expect
      .poll(async () => (await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).executionWorkspaceSettings?.mode)
      .toBe("isolated_workspace");
  } finally {
    // Other specs expect the instance as it was: the switch off.
    await setSwitch(false);
  }
});
