import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { json, setUpBoard } from "./support";

test("a woken process agent runs, calls the API with its run token, and its run appears live on the agent page with its log", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const { board, company, agent } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Run Works");
  const cwd = mkdtempSync(path.join(os.tmpdir(), "sb-e2e-agent-"));
  const adapterConfig = { command: process.execPath, args: [path.resolve("tests/fixtures/agent-process.mjs")], cwd, env: { AGENT_MODE: "api" } };
  const badConfig = await request.patch(`/api/agents/${agent.id}`, {
    data: { adapterConfig: { args: "not a list" }, replaceAdapterConfig: true },
    headers: board,
  });
  expect(badConfig.status()).toBe(422);
  expect((await badConfig.json()).invalid_params.map((param: { name: string }) => param.name).sort()).toEqual(["adapterConfig.args", "adapterConfig.command"]);
  await json(
    await request.patch(`/api/agents/${agent.id}`, { data: { adapterType: "process", adapterConfig, replaceAdapterConfig: true }, headers: board }),
    200,
  );

  await page.goto(`/agents/${agent.id}`);
  await expect(page.getByText("No runs yet.")).toBeVisible();
  // The adapter form refuses what the server refuses, under the field.
  await page.getByRole("button", { name: "Adapter", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Adapter" });
  await expect(dialog.getByLabel("Command")).toHaveValue(process.execPath);
  await dialog.getByLabel("Command").fill("");
  await dialog.getByRole("button", { name: "Save adapter" }).click();
  await expect(dialog.getByText(/Too small|at least 1/i)).toBeVisible();
  // How many runs may go at once is saved with the adapter, beside what the form does not show.
  await expect(dialog.getByLabel("Runs at once")).toHaveValue("1");
  await dialog.getByLabel("Command").fill(process.execPath);
  await dialog.getByLabel("Runs at once").fill("3");
  await dialog.getByRole("button", { name: "Save adapter" }).click();
  await expect(dialog).toBeHidden();
  const saved = await json(await request.get(`/api/agents/${agent.id}`, { headers: board }), 200);
  expect(saved.runtimeConfig.heartbeat).toEqual({ maxConcurrentRuns: 3 });
  expect(saved.adapterConfig).toEqual(adapterConfig);
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Say hello", assigneeAgentId: agent.id }, headers: board }),
    201,
  );

  const run = page.getByRole("list", { name: "Runs" }).getByRole("listitem").first();
  await expect(run).toContainText("Assigned an issue", { timeout: 20_000 });
  await expect(run).toContainText("Succeeded", { timeout: 20_000 });
  await expect(run).toContainText("1,200 in · 300 out");
  await run.getByRole("link", { name: "Assigned an issue" }).click();
  await expect(page.getByLabel("Run log")).toContainText("woke for issue_assigned");
  // The run says which instance executed it.
  await expect(page.getByText(`process adapter on ${process.env.SWITCHBOARD_HOST_ID ?? os.hostname()}`)).toBeVisible();
  await expect(page.getByLabel("Run log")).toContainText("comment → 201");
  await expect(page.getByRole("link", { name: /Say hello/ })).toBeVisible();

  const runs = await json(await request.get(`/api/companies/${company.id}/heartbeat-runs?agentId=${agent.id}`, { headers: board }), 200);
  const comments = await json(await request.get(`/api/issues/${issue.id}/comments`, { headers: board }), 200);
  expect(comments).toEqual([expect.objectContaining({ body: "Hello from inside the run", authorAgentId: agent.id, runId: runs[0].id })]);
});
