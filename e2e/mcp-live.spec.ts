import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { bearer, isolatingProject, json, setUpBoard, waitForLiveBoard } from "./support";

type ToolResult = { content: { type: string; text?: string }[]; structuredContent?: unknown; isError?: boolean };

/** One JSON-RPC call to /api/mcp as an MCP client over Streamable HTTP would send it (JSON answers, no session). */
async function mcp(request: APIRequestContext, headers: Record<string, string>, id: number, method: string, params: unknown) {
  const response = await request.post("/api/mcp", {
    headers: { ...headers, accept: "application/json, text/event-stream", "content-type": "application/json" },
    data: { jsonrpc: "2.0", id, method, params },
  });
  const answer = await json(response, 200);
  expect(answer.error, `${method} → ${JSON.stringify(answer.error)}`).toBeUndefined();
  return answer.result;
}

/** An agent's MCP client: initialized once, then each tool call must succeed (an MCP tool error fails the test). */
async function mcpClient(request: APIRequestContext, headers: Record<string, string>) {
  const initialized = await mcp(request, headers, 1, "initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "switchboard-e2e", version: "1.0.0" },
  });
  expect(initialized.capabilities.tools).toBeDefined();
  let nextId = 2;
  return async (name: string, args: Record<string, unknown>): Promise<ToolResult> => {
    const result: ToolResult = await mcp(request, headers, nextId++, "tools/call", { name, arguments: args });
    expect(result.isError, `${name} → ${JSON.stringify(result.content)}`).toBeFalsy();
    return result;
  };
}

test("the issue page shows an agent's thoughts and file marks live as it sends them over MCP", async ({ page, context, request, baseURL }) => {
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Live Thoughts");
  const issue = await json(
    await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Refactor the parser", assigneeAgentId: agent.id }, headers: board }),
    201,
  );
  const runId = randomUUID();
  const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": runId };
  await json(await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }), 200);

  await page.goto(`/issues/${issue.identifier}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Refactor the parser");
  const files = page.locator("section", { has: page.getByRole("heading", { name: "Files being edited", exact: true }) });
  await expect(files.getByText("No files marked")).toBeVisible();
  // No thought yet: no Live panel at all.
  await expect(page.getByTestId("issue-live-panel")).toHaveCount(0);
  await waitForLiveBoard(page);

  const callTool = await mcpClient(request, asAgent);

  // A thought, sent as the agent would: it appears as the current thought, with the agent linking to its page.
  const firstThought = "Reading <parser.ts> to find where tokens are split";
  await callTool("thinking", { thought: firstThought });
  const live = page.getByTestId("issue-live-panel");
  const current = live.getByRole("article", { name: "Current thought" });
  // Agent text is plain text: the angle brackets show as typed.
  await expect(current.getByText(firstThought, { exact: true })).toBeVisible();
  await expect(current.getByRole("link", { name: agent.name })).toHaveAttribute("href", `/agents/${agent.id}`);
  await expect(current).toContainText("thinking · just now");
  await expect(current.locator("time")).toHaveAttribute("title", /\d{4}/);

  // A file mark appears in "Files being edited" with the agent and the reason.
  await callTool("mark_file", { file: "src/parser/tokenizer.ts", reason: "splitting the tokenizer" });
  const marked = files.getByRole("listitem").filter({ hasText: "src/parser/tokenizer.ts" });
  await expect(marked).toBeVisible();
  await expect(marked).toContainText(agent.name);
  await expect(marked).toContainText("splitting the tokenizer");
  await expect(files.getByText("No files marked")).toHaveCount(0);

  // A second, long thought replaces the first, which moves under "Earlier thoughts"; the long text is clamped.
  const secondThought = `Tokenizer split done; now moving the lookahead. ${"The grammar keeps its precedence table in one place. ".repeat(12)}`.trim();
  await callTool("thinking", { thought: secondThought });
  await expect(current).toContainText("Tokenizer split done; now moving the lookahead.");
  await expect(current).not.toContainText(firstThought);
  await current.getByRole("button", { name: "Show more" }).click();
  await expect(current.getByRole("button", { name: "Show less" })).toBeVisible();
  const earlier = live.getByText("Earlier thoughts (1)");
  await expect(earlier).toBeVisible();
  await expect(live.getByRole("list", { name: "Earlier thoughts" })).toBeHidden();
  await earlier.click();
  await expect(live.getByRole("list", { name: "Earlier thoughts" }).getByText(firstThought, { exact: true })).toBeVisible();

  // Unmarking everything the agent holds empties the list, still without a reload.
  await callTool("unmark_file", { file: "*" });
  await expect(marked).toHaveCount(0);
  await expect(files.getByText("No files marked")).toBeVisible();

  // The same thoughts on the agent's page (the newest, with its task) and the run's page (both, oldest first).
  await page.goto(`/agents/${agent.id}`);
  const agentThought = page.getByRole("article", { name: "Current thought" });
  await expect(agentThought).toContainText("Tokenizer split done");
  await expect(agentThought.getByRole("link", { name: issue.identifier })).toHaveAttribute("href", `/issues/${issue.identifier}`);
  await page.goto(`/runs/${runId}`);
  const history = page.getByRole("list", { name: "Run thoughts" }).getByRole("listitem");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText(firstThought);
  await expect(history.nth(1)).toContainText("Tokenizer split done");

  // The board still sees the issue as the agent left it: checked out, nothing marked.
  expect(await json(await request.get(`/api/issues/${issue.id}/file-marks`, { headers: board }), 200)).toEqual({ marks: [] });
});

test("a workspace page shows who is editing what, by agent, as marks come and go", async ({ page, context, request, baseURL }) => {
  const { board, company, agent, agentToken } = await setUpBoard({ page, context, request, baseURL: baseURL! }, "Marked Workspace");
  const setSwitch = (enableIsolatedWorkspaces: boolean) =>
    request.patch("/api/instance/settings/experimental", { data: { enableIsolatedWorkspaces }, headers: board });
  await json(await setSwitch(true), 200);
  try {
    // A task in an isolating project: checking it out gives it its own execution workspace, where its marks live.
    const project = await isolatingProject(request, board, company.id, "Compiler");
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, {
        data: { title: "Speed up codegen", projectId: project.id, assigneeAgentId: agent.id },
        headers: board,
      }),
      201,
    );
    const asAgent = { ...bearer(agentToken), "x-paperclip-run-id": randomUUID() };
    await json(await request.post(`/api/issues/${issue.id}/checkout`, { data: { agentId: agent.id, expectedStatuses: ["todo"] }, headers: asAgent }), 200);
    const { executionWorkspaceId } = await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200);
    expect(executionWorkspaceId).toEqual(expect.any(String));

    await page.goto(`/workspaces/${executionWorkspaceId}?tab=tasks`);
    const editing = page.locator("section", { has: page.getByRole("heading", { name: "Who is editing what", exact: true }) });
    await expect(editing.getByRole("heading", { name: "No files marked" })).toBeVisible();

    // Marked over REST this time: the same marks, scoped to the task's workspace.
    await json(
      await request.post(`/api/issues/${issue.id}/file-marks`, {
        data: { files: ["src/codegen/emit.rs", "src/codegen/regalloc.rs"], reason: "inlining" },
        headers: asAgent,
      }),
      200,
    );
    const group = editing.getByRole("region", { name: `Marked by ${agent.name}` });
    await expect(group.getByRole("listitem")).toHaveCount(2);
    await expect(group).toContainText("2 files");
    await expect(group.getByRole("listitem").filter({ hasText: "src/codegen/emit.rs" }).getByRole("link", { name: issue.identifier })).toBeVisible();

    await json(await request.post(`/api/issues/${issue.id}/file-marks/release`, { data: { files: ["src/codegen/emit.rs"] }, headers: asAgent }), 200);
    await expect(group.getByRole("listitem")).toHaveCount(1);
    await expect(group).toContainText("1 file");
    await expect(group).not.toContainText("src/codegen/emit.rs");
  } finally {
    await json(await setSwitch(false), 200);
  }
});
