import { readFileSync } from "node:fs";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import * as companyWorkflowRoute from "@/app/api/companies/[companyId]/workflow/route";
import * as costsRoute from "@/app/api/companies/[companyId]/costs/route";
import * as attachmentsRoute from "@/app/api/issues/[id]/attachments/route";
import * as projectWorkflowRoute from "@/app/api/projects/[id]/workflow/route";
import { db } from "@/lib/db/client";
import * as thoughtsRoute from "@/app/api/issues/[id]/thoughts/route";
import { MCP_TOOL_NAMES } from "@/lib/mcp/tools";
import { parseWorkflow } from "@/lib/workflow/parse";
import { callRoute, seedUser } from "./support/fixtures";
import { createIssue, getIssue, issueWorld, type AgentHandle } from "./support/issues";
import { callTool, useMcpHttp } from "./support/mcp-http";

const SEED = readFileSync("workflows/seed.yaml", "utf8");
// The seed names gate attachment types but no gates: this variant makes leaving working need gate/tests (warn).
const WITH_GATES = `${SEED}\ngates:\nstatus:working: [{type: gate/tests, enforcement: warn, description: Evidence that tests pass}]\n`;
// A project's own variant of the seed: its own working prompt, and unknown phases refused.
const PROJECT_SEED = SEED.replace("You are now actively working on this task.", "Docs project: you are working on this task.").replace(
  "unknown_phase: warn",
  "unknown_phase: reject",
);

const { url: mcpUrl, connect } = useMcpHttp();

const agentClient = (agent: AgentHandle) => connect(agent.token, agent.headers);

/** A company on the seed workflow with gates, an owner, a board operator and two agents with their MCP clients. */
async function gatedWorld() {
  const world = await issueWorld();
  const owner = await seedUser({ memberships: { [world.company.id]: "owner" } });
  const saved = await callRoute(companyWorkflowRoute.PUT, "PUT", `/api/companies/${world.company.id}/workflow`, {
    token: owner.token,
    params: { companyId: world.company.id },
    body: { source: WITH_GATES },
  });
  expect(saved.status).toBe(200);
  const [alice, bob] = await Promise.all([agentClient(world.alice), agentClient(world.bob)]);
  return { ...world, owner, mcp: { alice, bob } };
}

async function newTask(companyId: string, token: string, body: Record<string, unknown> = {}) {
  const created = await createIssue(companyId, token, { title: `Task ${Math.random().toString(36).slice(2, 8)}`, status: "todo", ...body });
  expect(created.status).toBe(201);
  return created.json as { id: string; identifier: string };
}

describe("MCP server over Streamable HTTP", () => {
  it("lists every tool, and the inspector-style raw POST without a key is a 401 problem", async () => {
    const { mcp } = await gatedWorld();
    const { tools } = await mcp.alice.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...MCP_TOOL_NAMES].sort());
    const claim = tools.find((tool) => tool.name === "claim")!;
    expect(claim.inputSchema.required).toEqual(["task"]);
    expect(JSON.stringify(claim.inputSchema)).toContain("Task: an issue id (UUID) or identifier");

    const anonymous = await fetch(mcpUrl(), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
    expect((await anonymous.json()).code).toBe("unauthorized");

    // The transport's own refusals are problems too: no Accept header, then a body that is not an MCP request.
    const headers = { authorization: `Bearer ${(await seedUser()).token}`, "content-type": "application/json" };
    const unacceptable = await fetch(mcpUrl(), { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    expect([unacceptable.status, (await unacceptable.json()).code]).toEqual([406, "mcp_not_acceptable"]);
    const notJsonRpc = await fetch(mcpUrl(), {
      method: "POST",
      headers: { ...headers, accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1 }),
    });
    expect(notJsonRpc.status).toBe(400);
    expect(notJsonRpc.headers.get("content-type")).toContain("application/problem+json");
    expect((await notJsonRpc.json()).code).toBe("mcp_invalid_message");
  });

  it("list_tasks(ready) shows only todo tasks without open blockers that nobody else holds; a board key lists too", async () => {
    const { company, board, bob, mcp } = await gatedWorld();
    const free = await newTask(company.id, board.token);
    const blocker = await newTask(company.id, board.token);
    const blocked = await newTask(company.id, board.token, { blockedByIssueIds: [blocker.id] });
    const bobs = await newTask(company.id, board.token, { assigneeAgentId: bob.agent.id });

    const ready = await callTool(mcp.alice, "list_tasks", { ready: true });
    expect(ready.isError).toBe(false);
    const readyIds = ready.result.tasks.map((task: { id: string }) => task.id);
    expect(readyIds).toEqual(expect.arrayContaining([free.id, blocker.id]));
    expect(readyIds).not.toContain(blocked.id);
    expect(readyIds).not.toContain(bobs.id);
    expect((await callTool(mcp.bob, "list_tasks", { ready: true })).result.tasks.map((task: { id: string }) => task.id)).toContain(bobs.id);

    const blockedList = await callTool(mcp.alice, "list_tasks", { blocked: true });
    expect(blockedList.result.tasks.map((task: { id: string }) => task.id)).toEqual([blocked.id]);
    // A workflow state name filters by its status: pending is todo in the seed.
    const pending = await callTool(mcp.alice, "list_tasks", { status: "pending", limit: 2 });
    expect(pending.result.tasks).toHaveLength(2);
    expect(pending.result.nextCursor).toEqual(expect.any(String));

    const boardClient = await connect(board.token);
    const listed = await callTool(boardClient, "list_tasks", {});
    expect(listed.isError).toBe(false);
    expect(listed.result.tasks.map((task: { id: string }) => task.id)).toEqual(expect.arrayContaining([free.id, blocked.id, bobs.id]));
  });

  it("two agents racing claim on one task: exactly one wins, the other gets checkout_conflict", async () => {
    const { company, board, alice, bob, mcp } = await gatedWorld();
    const task = await newTask(company.id, board.token);
    const outcomes = await Promise.all([callTool(mcp.alice, "claim", { task: task.identifier }), callTool(mcp.bob, "claim", { task: task.id })]);
    expect(outcomes.filter((outcome) => !outcome.isError)).toHaveLength(1);
    const loser = outcomes.find((outcome) => outcome.isError)!;
    expect(loser.result.error).toMatchObject({ code: "checkout_conflict", status: 409, title: expect.any(String), detail: expect.any(String) });
    const winner = outcomes.findIndex((outcome) => !outcome.isError) === 0 ? alice : bob;
    const rest = (await getIssue(task.id, board.token)).json;
    expect(rest).toMatchObject({ status: "in_progress", workflowState: "working", assigneeAgentId: winner.agent.id, checkoutRunId: winner.runId });
  });

  it("thinking, attach, phase and update through the seed's states with the gate enforced, each seen over REST", async () => {
    const { company, board, alice, mcp } = await gatedWorld();
    const task = await newTask(company.id, board.token);
    const forced = await newTask(company.id, board.token);
    expect((await callTool(mcp.alice, "claim", { task: task.id })).isError).toBe(false);

    const thought = await callTool(mcp.alice, "thinking", { thought: "Reading the rate limiter" });
    expect(thought.result).toMatchObject({ success: true, updatedCount: 1 });
    const thoughts = await callRoute(thoughtsRoute.GET, "GET", `/api/issues/${task.id}/thoughts`, { token: board.token, params: { id: task.id } });
    expect(thoughts.json.thoughts[0]).toMatchObject({ text: "Reading the rate limiter", agentId: alice.agent.id });

    const phase = await callTool(mcp.alice, "update", { task: task.id, phase: "implement" });
    expect(phase.isError).toBe(false);
    expect(phase.result.phase).toBe("implement");
    expect(phase.result.workflowPrompts.map((prompt: { kind: string; name: string }) => `${prompt.kind}:${prompt.name}`)).toEqual([
      "phase_enter:implement",
      "combo_enter:working+implement",
    ]);

    const note = await callTool(mcp.alice, "attach", { task: task.id, type: "note", content: "Found the helper in utils" });
    expect(note.result).toMatchObject({ type: "note", mime: "text/plain" });

    const gated = await callTool(mcp.alice, "update", { task: task.id, status: "completed" });
    expect(gated.isError).toBe(true);
    expect(gated.result.error).toMatchObject({ code: "gate_unsatisfied", status: 409, details: { gates: [{ type: "gate/tests", enforcement: "warn" }] } });

    const done = await callTool(mcp.alice, "update", {
      task: task.id,
      status: "completed",
      reason: "All green",
      attachments: [{ type: "gate/tests", content: "42 passed" }],
    });
    expect(done.isError).toBe(false);
    expect(done.result).toMatchObject({ status: "done", workflowState: "completed", attachmentsAdded: [{ type: "gate/tests" }] });

    expect((await callTool(mcp.alice, "claim", { task: forced.id })).isError).toBe(false);
    const passed = await callTool(mcp.alice, "update", { task: forced.id, status: "completed", force: true });
    expect(passed.result).toMatchObject({ status: "done", workflowState: "completed" });

    const rest = (await getIssue(task.id, board.token)).json;
    expect(rest).toMatchObject({ status: "done", workflowState: "completed", phase: "implement" });
    const attachments = await callRoute(attachmentsRoute.GET, "GET", `/api/issues/${task.id}/attachments`, { token: board.token, params: { id: task.id } });
    expect(attachments.json.map((attachment: { type: string }) => attachment.type)).toEqual(["note", "gate/tests"]);
    const listed = await callTool(mcp.alice, "attachments", { task: task.identifier, type: "gate/tests" });
    expect(listed.result.attachments).toEqual([expect.objectContaining({ type: "gate/tests", content: "42 passed" })]);

    const history = await callTool(mcp.alice, "task_history", { task: task.id });
    expect(history.result.history.map((move: { to: string }) => move.to)).toEqual(["todo", "in_progress", "done"]);
    expect(history.result.timePerStateMs).toHaveProperty("working");
  });

  it("update to a todo state releases your own task; create, create_tree, link and unlink go through the same rules", async () => {
    const { company, board, mcp } = await gatedWorld();
    const task = await newTask(company.id, board.token);
    expect((await callTool(mcp.alice, "claim", { task: task.id })).isError).toBe(false);
    // Leaving working is gated like any exit; force passes the warn gate.
    const released = await callTool(mcp.alice, "update", { task: task.id, status: "pending", force: true });
    expect(released.result).toMatchObject({ status: "todo", workflowState: "pending", assigneeAgentId: null });

    const created = await callTool(mcp.alice, "create", { description: "Fix the flaky test\nIt fails on CI", priority: 9, phase: "diagnose" });
    expect(created.result).toMatchObject({ title: "Fix the flaky test", priority: "critical", status: "todo", workflowState: "pending", phase: "diagnose" });

    const tree = await callTool(mcp.alice, "create_tree", {
      tree: { title: "Epic", children: [{ title: "Step 1" }, { title: "Step 2", priority: 1 }] },
      sibling_type: "follows",
    });
    expect(tree.result.count).toBe(3);
    const [epic, one, two] = tree.result.created;
    const stepTwo = (await getIssue(two.id, board.token)).json;
    expect(stepTwo).toMatchObject({ parentId: epic.id, priority: "low", blockedBy: [expect.objectContaining({ id: one.id })] });

    const failed = await callTool(mcp.alice, "create_tree", { tree: { title: "Root", children: [{ title: "Ok" }] }, parent: "ZZZ-999" });
    expect(failed.result.error.code).toBe("not_found");

    const link = await callTool(mcp.alice, "link", { from: created.result.identifier, to: [one.id, two.id] });
    expect(link.result).toMatchObject({ success: true, type: "blocks" });
    expect(link.result.created).toHaveLength(2);
    const cycle = await callTool(mcp.alice, "link", { from: two.id, to: created.result.id });
    expect(cycle.result).toMatchObject({ success: false, errors: [{ code: "blocker_cycle" }] });
    const unlinked = await callTool(mcp.alice, "unlink", { from: created.result.id, to: "*" });
    expect(unlinked.result.removedCount).toBe(2);
    expect((await getIssue(two.id, board.token)).json.blockedBy.map((b: { id: string }) => b.id)).toEqual([one.id]);
    const children = await callTool(mcp.alice, "list_tasks", { parent: epic.identifier });
    expect(children.result.tasks.map((t: { id: string }) => t.id).sort()).toEqual([one.id, two.id].sort());

    const found = await callTool(mcp.alice, "search", { query: "flaky" });
    expect(found.result.results.map((t: { id: string }) => t.id)).toEqual([created.result.id]);
  });

  it("file marks by one agent are seen by another in list_marks and mark_updates; log_metrics reaches the company's costs", async () => {
    const { company, board, alice, mcp } = await gatedWorld();
    const task = await newTask(company.id, board.token);
    expect((await callTool(mcp.alice, "claim", { task: task.id })).isError).toBe(false);
    expect((await callTool(mcp.bob, "mark_updates")).isError).toBe(false);

    const marked = await callTool(mcp.alice, "mark_file", { file: ["src/limiter.ts", "src/limiter.test.ts"], reason: "Rewriting the bucket" });
    expect(marked.result.marked).toHaveLength(2);
    const marks = await callTool(mcp.bob, "list_marks", { agent: alice.agent.id });
    expect(marks.result.marks.map((mark: { path: string }) => mark.path).sort()).toEqual(["src/limiter.test.ts", "src/limiter.ts"]);
    expect(marks.result.marks[0]).toMatchObject({ issueId: task.id, reason: "Rewriting the bucket" });
    const updates = await callTool(mcp.bob, "mark_updates");
    expect(updates.result.newMarks.map((mark: { file: string }) => mark.file).sort()).toEqual(["src/limiter.test.ts", "src/limiter.ts"]);

    const unmarked = await callTool(mcp.alice, "unmark_file", { file: "*", reason: "Done" });
    expect(unmarked.result.count).toBe(2);
    expect((await callTool(mcp.bob, "mark_updates")).result.removedMarks).toHaveLength(2);

    const logged = await callTool(mcp.alice, "log_metrics", { task: task.id, cost_usd: 1.25, input_tokens: 1000, output_tokens: 200, model: "test-model" });
    expect(logged.isError).toBe(false);
    expect((await callTool(mcp.alice, "get_metrics", { task: [task.id] })).result).toMatchObject({ costCents: 125, inputTokens: 1000, outputTokens: 200 });
    const costs = await callRoute(costsRoute.GET, "GET", `/api/companies/${company.id}/costs`, { token: board.token, params: { companyId: company.id } });
    expect(costs.json.byIssue).toEqual([expect.objectContaining({ issueId: task.id, costCents: 125, inputTokens: 1000, outputTokens: 200 })]);
  });

  it("resources list ready, blocked and claimed tasks and the marks; a board caller claims for a named agent; detach removes", async () => {
    const { company, board, alice, bob, mcp } = await gatedWorld();
    const blocker = await newTask(company.id, board.token);
    const blocked = await newTask(company.id, board.token, { blockedByIssueIds: [blocker.id] });
    const boardClient = await connect(board.token);
    expect((await callTool(boardClient, "claim", { task: blocker.id })).result.error).toMatchObject({
      code: "validation_failed",
      invalid_params: [{ name: "agent" }],
    });
    expect((await callTool(boardClient, "claim", { task: blocker.id, agent: alice.agent.id })).result).toMatchObject({ assigneeAgentId: alice.agent.id });
    const later = await newTask(company.id, board.token);
    expect((await callTool(mcp.bob, "claim", { task: later.id })).isError).toBe(false);
    expect((await callTool(mcp.alice, "mark_file", { file: "README.md", task: blocker.id })).isError).toBe(false);

    const read = async (client: Client, uri: string) => {
      const [content] = (await client.readResource({ uri })).contents;
      return JSON.parse("text" in content ? content.text : "null");
    };
    const { resources } = await mcp.alice.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual([
      "switchboard://marks",
      "switchboard://tasks/blocked",
      "switchboard://tasks/claimed",
      "switchboard://tasks/ready",
    ]);
    expect((await read(mcp.alice, "switchboard://tasks/claimed")).tasks.map((task: { id: string }) => task.id)).toEqual([blocker.id]);
    expect((await read(mcp.bob, "switchboard://tasks/claimed")).tasks.map((task: { id: string }) => task.id)).toEqual([later.id]);
    expect((await read(mcp.alice, "switchboard://tasks/blocked")).tasks.map((task: { id: string }) => task.id)).toEqual([blocked.id]);
    expect((await read(mcp.alice, "switchboard://tasks/ready")).tasks).toEqual([]);
    expect((await read(mcp.bob, "switchboard://marks")).marks).toEqual([expect.objectContaining({ path: "README.md", agentId: alice.agent.id })]);

    // The same filters over REST.
    const overRest = await callRoute(companyIssuesRoute.GET, "GET", `/api/companies/${company.id}/issues`, {
      token: bob.token,
      params: { companyId: company.id },
      query: "blocked=true",
    });
    expect(overRest.json.map((issue: { id: string }) => issue.id)).toEqual([blocked.id]);

    await callTool(mcp.alice, "attach", { task: blocker.id, type: "note", content: "one" });
    await callTool(mcp.alice, "attach", { task: blocker.id, type: "note", content: "two" });
    expect((await callTool(mcp.alice, "detach", { task: blocker.id, type: "note" })).result).toEqual({ deleted: 2 });
    expect((await callTool(mcp.alice, "attachments", { task: blocker.id })).result.attachments).toEqual([]);
  });

  it("another company's task is invisible: get is not_found, list_tasks leaves it out", async () => {
    const { mcp } = await gatedWorld();
    const other = await issueWorld();
    const foreign = await newTask(other.company.id, other.board.token);
    const got = await callTool(mcp.alice, "get", { task: foreign.id });
    expect(got.isError).toBe(true);
    expect(got.result.error).toMatchObject({ code: "not_found", status: 404 });
    expect((await callTool(mcp.alice, "get", { task: foreign.identifier })).result.error.code).toBe("not_found");
    expect((await callTool(mcp.alice, "claim", { task: foreign.id })).result.error.code).toBe("not_found");
    const listed = await callTool(mcp.alice, "list_tasks", { limit: 200 });
    expect(listed.result.tasks.map((task: { id: string }) => task.id)).not.toContain(foreign.id);
  });

  it("every prompt of the seed workflow is offered, and every tool a prompt names exists", async () => {
    const { mcp } = await gatedWorld();
    const workflow = parseWorkflow(SEED).workflow!;
    const notTools = new Set([...Object.keys(workflow.states), ...Object.keys(workflow.phases)]);
    const { tools } = await mcp.alice.listTools();
    const toolNames = new Set(tools.map((tool) => tool.name));
    expect(mcp.alice.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
    expect(mcp.alice.getInstructions()).toContain("list_tasks(ready=true)");
    const { prompts } = await mcp.alice.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(
      expect.arrayContaining(["state/working/enter", "state/working/exit", "phase/implement/enter", "combo/working+review/enter"]),
    );
    const named = new Set<string>();
    for (const prompt of prompts) {
      const { messages } = await mcp.alice.getPrompt({ name: prompt.name });
      const text = messages.map((message) => (message.content.type === "text" ? message.content.text : "")).join("\n");
      expect(text).not.toContain("{{");
      // Backticked identifiers and name( calls, apart from the states and phases the prompts also quote.
      for (const match of text.matchAll(/`([a-z_]+)(?:\(|`)|\b([a-z_]+)\(/g)) if (!notTools.has(match[1] ?? match[2])) named.add(match[1] ?? match[2]);
    }
    expect([...named].sort()).toEqual(["log_metrics", "thinking", "update"]);
    for (const name of named) expect(toolNames, `the prompts name ${name}`).toContain(name);

    const rendered = await mcp.alice.getPrompt({ name: "state/working/enter" });
    expect(rendered.messages[0].content).toMatchObject({ type: "text", text: expect.stringContaining("From `working` you can transition to:\n- completed") });
  });

  it("bad arguments are tool errors with REST's validation_failed problem naming each field; an unknown tool is not_found", async () => {
    const { company, board, mcp } = await gatedWorld();
    const task = await newTask(company.id, board.token);
    const problem = async (name: string, args: Record<string, unknown>) => {
      const reply = await callTool(mcp.alice, name, args);
      expect(reply.isError, name).toBe(true);
      return reply.result.error;
    };
    const limit = await problem("list_tasks", { limit: "x" });
    expect(limit).toMatchObject({ code: "validation_failed", status: 400, invalid_params: [{ name: "limit", reason: expect.any(String) }] });
    expect(limit.detail).toMatch(/^Validation error: limit \(/);
    expect((await problem("thinking", {})).invalid_params).toEqual([{ name: "thought", reason: expect.any(String) }]);
    expect((await problem("mark_file", { file: 5 })).invalid_params.map((param: { name: string }) => param.name)).toEqual(["file"]);
    const nested = await problem("update", { task: task.id, attachments: [{ type: 7 }], force: "yes" });
    expect(nested.invalid_params.map((param: { name: string }) => param.name).sort()).toEqual(["attachments.0.content", "attachments.0.type", "force"]);
    // Limits the domain owns are its own, one number each: a thought is at most 4,000 characters, named `thought`.
    expect(await problem("thinking", { thought: "x".repeat(4_001) })).toMatchObject({
      code: "invalid_field",
      status: 422,
      invalid_params: [{ name: "thought" }],
    });
    // The domain's own refusals name the tool's arguments: log_metrics' cost_usd, mark_file's file.
    const cost = await problem("log_metrics", { task: task.id, cost_usd: -1 });
    expect(cost).toMatchObject({ code: "invalid_field", invalid_params: [{ name: "cost_usd" }] });
    expect(cost.detail).toMatch(/^cost_usd: /);
    expect((await problem("mark_file", { file: ["src/ok.ts", "../outside.ts"] })).invalid_params).toEqual([{ name: "file.1", reason: expect.any(String) }]);

    const unknown = await callTool(mcp.alice, "frobnicate", {});
    expect(unknown.isError).toBe(true);
    expect(unknown.result.error).toMatchObject({ code: "not_found", status: 404, detail: "Tool frobnicate not found" });

    const { tools } = await mcp.alice.listTools();
    const schemaOf = (name: string) => tools.find((tool) => tool.name === name)!.inputSchema as { properties: Record<string, Record<string, unknown>> };
    expect(schemaOf("list_tasks").properties.limit).toMatchObject({ type: "integer", minimum: 1, maximum: 200 });
    expect(schemaOf("list_tasks").properties).toHaveProperty("project");
    expect(schemaOf("thinking").properties.thought).not.toHaveProperty("maxLength");
  });

  it("a project's own workflow: prompts/get with its task, list_tasks, search and create read it; failures after a write name what was done", async () => {
    const world = await issueWorld();
    const { company, board } = world;
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const project = await db.project.create({ data: { companyId: company.id, name: "Docs", urlKey: "docs" } });
    const saved = await callRoute(projectWorkflowRoute.PUT, "PUT", `/api/projects/${project.id}/workflow`, {
      token: owner.token,
      params: { id: project.id },
      body: { source: PROJECT_SEED },
    });
    expect(saved.status).toBe(200);
    const alice = await agentClient(world.alice);

    // The company keeps the default workflow, which has no state `pending`: the name is the project's.
    expect((await callTool(alice, "create", { title: "Outside", status: "pending" })).result.error).toMatchObject({
      code: "validation_failed",
      invalid_params: [{ name: "status" }],
    });
    const created = await callTool(alice, "create", { title: "Docs spike", status: "pending", project: project.id });
    expect(created.result).toMatchObject({ projectId: project.id, status: "todo", workflowState: "pending" });
    expect((await callTool(alice, "list_tasks", { status: "pending" })).result.error.invalid_params).toEqual([{ name: "status", reason: expect.any(String) }]);
    const listed = await callTool(alice, "list_tasks", { status: "pending", project: project.id });
    expect(listed.result.tasks.map((task: { id: string }) => task.id)).toEqual([created.result.id]);
    const found = await callTool(alice, "search", { query: "spike", status_filter: "pending", project: project.id });
    expect(found.result.results.map((task: { id: string }) => task.id)).toEqual([created.result.id]);
    const other = await issueWorld();
    const foreign = await db.project.create({ data: { companyId: other.company.id, name: "Theirs", urlKey: "theirs" } });
    expect((await callTool(alice, "list_tasks", { project: foreign.id })).result.error).toMatchObject({ code: "not_found", status: 404 });

    expect((await callTool(alice, "claim", { task: created.result.id })).result).toMatchObject({ workflowState: "working" });
    const rendered = await alice.getPrompt({ name: "state/working/enter", arguments: { task: created.result.identifier } });
    const text = rendered.messages[0].content.type === "text" ? rendered.messages[0].content.text : "";
    expect(text).toContain("Docs project: you are working on this task.");
    expect(text).toContain("From `working` you can transition to:\n- completed");
    // The company's default workflow has no such prompt: without a task it is not found, as a JSON-RPC error with the problem.
    expect((await alice.listPrompts()).prompts.map((prompt) => prompt.name)).not.toContain("state/working/enter");
    const missing = await alice.getPrompt({ name: "state/working/enter" }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(McpError);
    expect(missing).toMatchObject({ code: ErrorCode.InvalidParams, data: { code: "not_found", status: 404 } });

    // A failed update after attachments were added names them; they stay, as gates read them.
    const refused = await callTool(alice, "update", { task: created.result.id, status: "cancelled", attachments: [{ type: "note", content: "Half done" }] });
    expect(refused.isError).toBe(true);
    expect(refused.result).toMatchObject({ error: { code: "invalid_transition" }, attachmentsAdded: [{ type: "note", mime: "text/plain" }] });
    const attachments = await callRoute(attachmentsRoute.GET, "GET", `/api/issues/${created.result.id}/attachments`, {
      token: board.token,
      params: { id: created.result.id },
    });
    expect(attachments.json.map((attachment: { id: string }) => attachment.id)).toEqual([refused.result.attachmentsAdded[0].id]);

    // create's phase is a second write: when the project's workflow refuses it, the error names the task that was made.
    const phased = await callTool(alice, "create", { title: "Phased", project: project.id, phase: "bogus" });
    expect(phased.isError).toBe(true);
    expect(phased.result).toMatchObject({ error: { code: "unknown_phase", invalid_params: [{ name: "phase" }] }, created: { title: "Phased" } });
    expect((await getIssue(phased.result.created.id, board.token)).json).toMatchObject({ title: "Phased", projectId: project.id, phase: null });
  });

  it("resource and prompt failures are JSON-RPC errors carrying the REST problem", async () => {
    const { company, mcp } = await gatedWorld();
    const other = await issueWorld();
    const both = await seedUser({ memberships: { [company.id]: "operator", [other.company.id]: "operator" } });
    const boardClient = await connect(both.token);
    const unnamed = await boardClient.readResource({ uri: "switchboard://tasks/ready" }).catch((error: unknown) => error);
    expect(unnamed).toBeInstanceOf(McpError);
    expect(unnamed).toMatchObject({ code: ErrorCode.InvalidParams, data: { code: "validation_failed", status: 400, invalid_params: [{ name: "company" }] } });
    // Several companies, no one workflow: no prompts listed rather than a failed request.
    expect((await boardClient.listPrompts()).prompts).toEqual([]);

    const notFound = await mcp.alice.getPrompt({ name: "state/working/enter", arguments: { task: "ZZZ-999" } }).catch((error: unknown) => error);
    expect(notFound).toMatchObject({ code: ErrorCode.InvalidParams, data: { code: "not_found", status: 404, requestId: expect.any(String) } });
  });
});
