import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { adminBoardKey, bearer, json } from "../support";

const run = promisify(execFile);

const TOOLS = [
  "attach",
  "attachments",
  "claim",
  "create",
  "create_tree",
  "detach",
  "get",
  "get_metrics",
  "link",
  "list_marks",
  "list_tasks",
  "log_metrics",
  "mark_file",
  "mark_updates",
  "search",
  "task_history",
  "thinking",
  "unlink",
  "unmark_file",
  "update",
];

test("the MCP Inspector's CLI lists every tool of /api/mcp with an agent key", async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const board = bearer(await adminBoardKey(request, baseURL!));
  const company = await json(await request.post("/api/companies", { headers: board, data: { name: "Inspected" } }), 201);
  const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { headers: board, data: { name: "Inspector" } }), 201);
  const key = await json(await request.post(`/api/agents/${agent.id}/keys`, { headers: board, data: {} }), 201);

  const { stdout } = await run(
    "npx",
    [
      "@modelcontextprotocol/inspector",
      "--cli",
      `${baseURL}/api/mcp`,
      "--transport",
      "http",
      "--method",
      "tools/list",
      "--header",
      `Authorization: Bearer ${key.token}`,
    ],
    { timeout: 90_000, env: { ...process.env, MCP_CATALOG_PATH: `${test.info().outputDir}/mcp.json` } },
  );
  const listed = JSON.parse(stdout) as { tools: { name: string }[] };
  expect(listed.tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
});
