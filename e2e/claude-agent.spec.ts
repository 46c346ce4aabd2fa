import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { json, setUpBoard } from "./support";

test("a claude_local agent made in the board receives its instructions and its run shows the CLI's summary and cost", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Claude Works");
  const repository = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-claude-"));

  // Created in the dialog, pointing at a fake `claude` that prints Claude Code's stream-json.
  await page.goto("/agents");
  await page.getByRole("button", { name: "New agent" }).click();
  const dialog = page.getByRole("dialog", { name: "New agent" });
  await dialog.getByLabel("Name").fill("Claude Coder");
  await dialog.getByLabel("Adapter type").selectOption("claude_local");
  await dialog.getByLabel("Claude binary").fill(path.resolve("tests/fixtures/fake-claude.mjs"));
  await dialog.getByLabel("Working directory").fill(repository);
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Claude Coder" }).click();
  await expect(page.getByRole("heading", { name: "Claude Coder" })).toBeVisible();
  const agentId = page.url().split("/agents/")[1];
  const agent = await json(await request.get(`/api/agents/${agentId}`, { headers: board }), 200);
  expect(agent).toMatchObject({ adapterType: "claude_local", adapterConfig: { claudePath: path.resolve("tests/fixtures/fake-claude.mjs"), cwd: repository } });

  // Its instructions, written on the agent page.
  const instructions = "# Claude Coder\n\nRun the tests before you comment.\n";
  await page.getByLabel("AGENTS.md", { exact: true }).fill(instructions);
  await page.getByRole("button", { name: "Save instructions" }).click();
  await expect(page.getByText("Unsaved changes")).toBeHidden();

  // Assigning work wakes it; the run carries the CLI's final result and its reported cost.
  await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Fix the flaky test", assigneeAgentId: agentId }, headers: board }),
    201,
  );
  const run = page.getByRole("list", { name: "Runs" }).getByRole("listitem").first();
  await expect(run).toContainText("Succeeded", { timeout: 30_000 });
  await run.getByRole("link", { name: "Assigned an issue" }).click();
  await expect(page.getByText("Fixed the flaky test and commented on the issue.", { exact: true })).toBeVisible();
  // The reported $0.4213 is counted up to the next whole cent.
  await expect(page.getByText("$0.43", { exact: true })).toBeVisible();
  // The log names what reached the CLI: the bundled skill and these exact instructions.
  const log = page.getByLabel("Run log");
  await expect(log).toContainText(/delivered skill switchboard sha256:[0-9a-f]{64} \(bundled\)/);
  await expect(log).toContainText(`delivered instructions AGENTS.md sha256:${createHash("sha256").update(instructions).digest("hex")}`);

  // The user's repository was left as it was, and the spend landed on the agent.
  expect(readdirSync(repository)).toEqual([]);
  const after = await json(await request.get(`/api/agents/${agentId}`, { headers: board }), 200);
  expect(after.spentMonthlyCents).toBe(43);
});
