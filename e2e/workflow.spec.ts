import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { bearer, json, setUpBoard, waitForHydration, waitForLiveBoard } from "./support";

const SEED = readFileSync("workflows/seed.yaml", "utf8");
const WITH_GATE = `${SEED}\ngates:\nstatus:working: [{type: gate/tests, enforcement: warn, description: Evidence that tests pass}]\n`;

test("edit the workflow in Settings (an error, then a valid one with a gate), and see the gate stop a status change", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Gate Works");

  await page.goto("/settings?tab=workflow");
  const editor = page.getByLabel("Workflow YAML");
  await expect(editor).toHaveValue(/initial_state: backlog/);
  // The editor is a chunk of its own: typing before it hydrates would reach no React handler.
  await waitForHydration(editor);
  await editor.fill(SEED.replace("completed:\nexits: [pending]", "completed:\nexits: [limbo]"));
  const problems = page.getByRole("list", { name: "Workflow problems" });
  await expect(problems).toContainText('states.completed.exits[0]: Unknown exit target "limbo"');
  await expect(problems).toContainText("Line ");
  await expect(page.getByRole("button", { name: "Save workflow" })).toBeDisabled();

  await editor.fill(WITH_GATE);
  await expect(page.getByText("Valid: 6 states.")).toBeVisible();
  const save = page.getByRole("button", { name: "Save workflow" });
  await save.click();
  // Disabled while the save is under way too: only disabled and no longer busy means it was saved.
  await expect(save).toBeDisabled();
  await expect(save).not.toHaveAttribute("aria-busy", "true");
  const working = page.getByRole("list", { name: "Workflow states" }).locator('[data-state="working"]');
  await expect(working).toContainText("gated");
  await expect(working).toContainText("→ completed, failed, pending");
  const saved = await json(await request.get(`/api/companies/${company.id}/workflow`, { headers: board }), 200);
  expect(saved).toMatchObject({ origin: "company", source: WITH_GATE });

  // An agent starts work; the board's attempt to close the issue is stopped by the gate, with its description.
  const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Gate the release", assigneeAgentId: agent.id }, headers: board }),
    201,
  );
  const started = await json(
    await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }),
    200,
  );
  expect(started.workflowPrompts[0].text).toContain("From `working` you can transition to:");
  await page.goto(`/issues/${issue.identifier}`);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("in_progress");
  await waitForLiveBoard(page);
  await waitForHydration(page.getByLabel("Status", { exact: true }));
  await page.getByLabel("Status", { exact: true }).selectOption("done");
  await expect(page.getByText("Leaving working needs a gate/tests attachment (Evidence that tests pass); attach it, or send force: true")).toBeVisible();
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("in_progress");

  await json(
    await request.post(`/api/issues/${issue.id}/attachments`, { data: { type: "gate/tests", content: "cargo test: 42 passed" }, headers: asAgent }),
    201,
  );
  await expect(page.getByRole("region", { name: "gate/tests attachments" })).toContainText("cargo test: 42 passed");
  await page.getByLabel("Status", { exact: true }).selectOption("done");
  // The select shows the choice while saving; the workflow panel shows the state once the server took it.
  await expect(
    page.locator("section", { has: page.getByRole("heading", { name: "Workflow", exact: true }) }).getByText("completed", { exact: true }),
  ).toBeVisible();
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("done");
  expect(await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).toMatchObject({ status: "done", workflowState: "completed" });
});
