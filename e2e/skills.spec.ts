import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { bearer, json, setUpBoard } from "./support";

test("Settings → Skills creates, imports and deletes skills; the agent page edits AGENTS.md and chooses skills", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Skill Works");

  // An empty list says what to do; a pasted SKILL.md becomes a skill keyed by its front matter.
  await page.goto("/settings?tab=skills");
  await expect(page.getByText("No company skills")).toBeVisible();
  await page.getByRole("button", { name: "New skill" }).click();
  const dialog = page.getByRole("dialog", { name: "New skill" });
  await dialog.getByRole("button", { name: "Create skill" }).click();
  await expect(dialog.getByText("Paste the SKILL.md text")).toBeVisible();
  await dialog.getByLabel("SKILL.md").fill("---\nname: code-review\ndescription: How we review changes\n---\n\n# Code review\n");
  await dialog.getByRole("button", { name: "Create skill" }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByRole("table", { name: "Company skills" });
  await expect(table.locator("tr[data-skill=code-review]")).toContainText("Created here");

  // Import from a folder the server can read; a bad source shows the server's reason.
  await page.getByLabel("Folder path or git URL").fill("relative/path");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Give an absolute folder path or a git URL" })).toBeVisible();
  const root = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-skills-"));
  mkdirSync(path.join(root, "deploy"));
  writeFileSync(path.join(root, "deploy", "SKILL.md"), "---\nname: deploy\ndescription: Ship it\n---\n\nDeploy steps.\n");
  await page.getByLabel("Folder path or git URL").fill(root);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported deploy." })).toBeVisible();
  await expect(table.locator("tr[data-skill=deploy]")).toContainText("Folder");

  // The agent page: AGENTS.md saved with Ctrl+S, a skill chosen.
  await page.goto(`/agents/${agent.id}`);
  const editor = page.getByLabel("AGENTS.md", { exact: true });
  await editor.fill("You review every change before it merges.\n");
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await editor.press("Control+s");
  await expect(page.getByText("Unsaved changes")).toBeHidden();
  await page.getByRole("checkbox", { name: /Code review|code-review/ }).check();
  await page.getByRole("button", { name: "Save skills" }).click();
  await expect(page.getByRole("button", { name: "Save skills" })).toBeDisabled();

  // The agent reads what the board wrote, with its own key.
  const bundle = await json(await request.get(`/api/agents/${agent.id}/instructions-bundle`, { headers: bearer(agentToken) }), 200);
  expect(bundle.files).toEqual([expect.objectContaining({ path: "AGENTS.md", content: "You review every change before it merges.\n" })]);
  const chosen = await json(await request.get(`/api/agents/${agent.id}/skills`, { headers: bearer(agentToken) }), 200);
  expect(chosen.desiredSkills).toEqual(["code-review"]);

  // Deleting confirms first; the agent loses the skill with it.
  await page.goto("/settings?tab=skills");
  await table.getByRole("button", { name: "Delete code-review" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete skill" }).click();
  await expect(table.locator("tr[data-skill=code-review]")).toHaveCount(0);
  const after = await json(await request.get(`/api/agents/${agent.id}/skills`, { headers: board }), 200);
  expect(after.desiredSkills).toEqual([]);
  expect((await json(await request.get(`/api/companies/${company.id}/skills`, { headers: board }), 200)).map((skill: { key: string }) => skill.key)).toEqual([
    "deploy",
  ]);
});
