import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as companyAgentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as agentThoughtsRoute from "@/app/api/agents/[id]/thoughts/route";
import * as cancelRoute from "@/app/api/heartbeat-runs/[runId]/cancel/route";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { claimNextRun, drainOnce, executeRun } from "@/lib/heartbeats/scheduler";
import { runtimeDir } from "@/lib/runtime/logs";
import { listBundledSkills, skillContentHash } from "@/lib/skills/bundled";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, comment, createIssue } from "./support/issues";
import { startMcpHttp } from "./support/mcp-http";
import { alive, processAdapter, readJsonLines, runsOf } from "./support/process-agent";

const FIXTURES = path.resolve("tests/fixtures");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type Recorded = {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  prompt: string;
  skills: Record<string, string>;
  appendedSystemPrompt?: string | null;
  codexHome?: Record<string, string | { symlinkTo: string }> | null;
  mcpConfig?: { path: string; mode: number; content: unknown } | null;
};

/** Every file under a folder with its content, to prove a run left the user's repository and CLI config as they were. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (prefix: string) => {
    for (const entry of readdirSync(path.join(root, prefix))) {
      const relative = path.join(prefix, entry);
      const full = path.join(root, relative);
      if (lstatSync(full).isDirectory()) walk(relative);
      else files[relative] = readFileSync(full, "utf8");
    }
  };
  walk("");
  return files;
}

const AGENTS_MD = "# Builder\nYou fix flaky tests. Never push to main.\n";
const TOOLS_MD = "# Tools\nUse pnpm, not npm.\n";
const SKILL_MD = "---\nname: deploy-checklist\ndescription: How we ship\n---\n# Deploy checklist\nRun scripts/check.sh first.\n";
const SKILL_FILES = { "scripts/check.sh": "#!/bin/sh\necho checked\n" };

/**
 * A company whose agent runs a fake CLI in its own repository folder, with a fake HOME holding the user's Claude and
 * Codex config, one chosen and one unchosen company skill, and stored instruction files.
 */
async function cliWorld(
  adapterType: "claude_local" | "codex_local",
  config: Record<string, string | number | boolean | string[]> = {},
  env: Record<string, string> = {},
) {
  const company = await seedCompany();
  const board = await seedUser({ memberships: { [company.id]: "owner" } });
  const agent = await agentWithRun(company.id, adapterType === "claude_local" ? "Claude" : "Codex");
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-cli-"));
  const repo = path.join(dir, "repo");
  const home = path.join(dir, "home");
  mkdirSync(path.join(repo, "docs"), { recursive: true });
  writeFileSync(path.join(repo, "README.md"), "# The user's project\n");
  writeFileSync(path.join(repo, "docs", "AGENT.md"), "# From the repository\nFollow docs/STYLE.md.\n");
  writeFileSync(path.join(dir, "secret.md"), "outside the repository\n");
  mkdirSync(path.join(home, ".claude"), { recursive: true });
  mkdirSync(path.join(home, ".codex"), { recursive: true });
  writeFileSync(path.join(home, ".claude", "settings.json"), '{"theme":"dark"}\n');
  writeFileSync(path.join(home, ".codex", "auth.json"), '{"OPENAI_API_KEY":"sk-user"}\n');
  writeFileSync(path.join(home, ".codex", "config.toml"), 'model = "gpt-5"\n');
  const recordFile = path.join(dir, "record.jsonl");
  const binary = path.join(FIXTURES, adapterType === "claude_local" ? "fake-claude.mjs" : "fake-codex.mjs");
  await db.agent.update({
    where: { id: agent.agent.id },
    data: {
      adapterType,
      adapterConfig: {
        [adapterType === "claude_local" ? "claudePath" : "codexPath"]: binary,
        cwd: repo,
        timeoutSec: 60,
        env: { HOME: home, FAKE_CLI_RECORD: recordFile, FAKE_CLI_PIDS: path.join(dir, "pids.json"), ...env },
        ...config,
      },
    },
  });
  const chosen = await db.companySkill.create({
    data: {
      companyId: company.id,
      key: "deploy-checklist",
      name: "deploy-checklist",
      markdown: SKILL_MD,
      files: SKILL_FILES,
      contentHash: skillContentHash(SKILL_MD, SKILL_FILES),
    },
  });
  await db.companySkill.create({
    data: { companyId: company.id, key: "unchosen", name: "unchosen", markdown: "# Not for this agent\n", contentHash: sha256("x") },
  });
  await db.agentSkill.create({ data: { agentId: agent.agent.id, skillId: chosen.id, companyId: company.id } });
  // Stored out of order: the entry file still comes first.
  await db.agentInstructionFile.create({ data: { agentId: agent.agent.id, companyId: company.id, path: "TOOLS.md", content: TOOLS_MD } });
  await db.agentInstructionFile.create({ data: { agentId: agent.agent.id, companyId: company.id, path: "AGENTS.md", content: AGENTS_MD } });
  const before = { repo: snapshot(repo), home: snapshot(home) };
  const records = () => readJsonLines<Recorded>(recordFile);
  const untouched = () => {
    expect(snapshot(repo)).toEqual(before.repo);
    expect(snapshot(home)).toEqual(before.home);
  };
  return { company, board, agent, dir, repo, home, records, untouched };
}

/** An issue assigned to the world's agent with a wake queued, whose saved session the CLI no longer knows. */
async function assignedWithStaleSession(world: Awaited<ReturnType<typeof cliWorld>>, title: string) {
  const issue = (await createIssue(world.company.id, world.board.token, { title })).json;
  await db.agent.update({ where: { id: world.agent.agent.id }, data: { runtimeConfig: { sessions: { [issue.id]: "stale-1" } } } });
  await db.issue.update({ where: { id: issue.id }, data: { assigneeAgentId: world.agent.agent.id } });
  await db.agentWakeupRequest.create({
    data: {
      companyId: world.company.id,
      agentId: world.agent.agent.id,
      issueId: issue.id,
      reason: "issue_assigned",
      payload: {},
      requestedByType: "system",
      requestedById: "system",
    },
  });
  return issue;
}

const flagValue = (argv: string[], flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);

/** What every delivery must contain: the bundled skills, the chosen company skill with its files, not the other one. */
function expectSkills(skills: Record<string, string>) {
  const bundled = listBundledSkills();
  expect(bundled.map((skill) => skill.key)).toContain("switchboard");
  for (const skill of bundled) expect(skills[`${skill.key}/SKILL.md`]).toBe(skill.markdown);
  expect(skills["deploy-checklist/SKILL.md"]).toBe(SKILL_MD);
  expect(skills["deploy-checklist/scripts/check.sh"]).toBe(SKILL_FILES["scripts/check.sh"]);
  expect(Object.keys(skills).some((name) => name.startsWith("unchosen/"))).toBe(false);
}

function expectDeliveryLog(log: string) {
  for (const skill of listBundledSkills()) expect(log).toContain(`[switchboard] delivered skill ${skill.key} sha256:${skill.contentHash} (bundled)`);
  expect(log).toContain(`[switchboard] delivered skill deploy-checklist sha256:${skillContentHash(SKILL_MD, SKILL_FILES)} (company)`);
  expect(log).toContain(`[switchboard] delivered instructions AGENTS.md sha256:${sha256(AGENTS_MD)}`);
  expect(log).toContain(`[switchboard] delivered instructions TOOLS.md sha256:${sha256(TOOLS_MD)}`);
  expect(log).not.toContain("unchosen");
}

describe("POST /api/companies/:id/agents with claude_local", () => {
  it("creates the agent with a valid config and names each bad field otherwise", async () => {
    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    const create = (adapterConfig: Record<string, unknown>) =>
      callRoute(companyAgentsRoute.POST, "POST", "/x", {
        token: owner.token,
        params: { companyId: company.id },
        body: { name: `Claude ${Math.random()}`, adapterType: "claude_local", adapterConfig },
      });
    const bad = await create({ maxTurns: 0, model: "bad model; rm -rf", dangerouslySkipPermissions: "yes", binary: "claude", cwd: "relative/repo" });
    expect(bad.status).toBe(422);
    expect(bad.json.invalid_params.map((param: { name: string }) => param.name).sort()).toEqual([
      "adapterConfig.binary",
      "adapterConfig.cwd",
      "adapterConfig.dangerouslySkipPermissions",
      "adapterConfig.maxTurns",
      "adapterConfig.model",
    ]);
    const good = await create({
      claudePath: path.join(FIXTURES, "fake-claude.mjs"),
      model: "sonnet",
      maxTurns: 20,
      timeoutSec: 600,
      args: ["--effort", "high"],
    });
    expect(good.status).toBe(201);
    expect(good.json).toMatchObject({ adapterType: "claude_local", adapterConfig: { model: "sonnet", maxTurns: 20 } });
  });
});

describe("claude_local with a fake claude binary", () => {
  it("delivers the skills, the chosen company skills and the instructions, and records result, session, usage and cost", async () => {
    const world = await cliWorld("claude_local", { model: "opus", maxTurns: 7, args: ["--effort", "high"] });
    const issue = (await createIssue(world.company.id, world.board.token, { title: "Fix the flaky test", assigneeAgentId: world.agent.agent.id })).json;
    const [result] = await drainOnce({ apiUrl: "http://127.0.0.1:9" });
    expect(result).toMatchObject({ status: "succeeded", summary: "Fixed the flaky test and commented on the issue." });

    const [call] = world.records();
    expect(call.argv.slice(0, 4)).toEqual(["--print", "--output-format", "stream-json", "--verbose"]);
    expect(call.argv).not.toContain("--resume");
    expect(call.argv).toContain("--dangerously-skip-permissions");
    expect(flagValue(call.argv, "--model")).toBe("opus");
    expect(flagValue(call.argv, "--max-turns")).toBe("7");
    expect(call.argv.slice(-2)).toEqual(["--effort", "high"]);
    expect(call.cwd).toBe(world.repo);
    expect(call.env).toMatchObject({ HOME: world.home, PAPERCLIP_TASK_ID: issue.id, PAPERCLIP_API_URL: "http://127.0.0.1:9" });
    expectSkills(call.skills);
    expect(call.appendedSystemPrompt).toBe(`<!-- AGENTS.md -->\n${AGENTS_MD}\n<!-- TOOLS.md -->\n${TOOLS_MD}`);

    // The prompt in our words: the reason, the task, where the API is, and the skill's procedure.
    expect(call.prompt).toContain("issue_assigned");
    expect(call.prompt).toContain(`${issue.identifier} "Fix the flaky test"`);
    expect(call.prompt).toContain(issue.id);
    expect(call.prompt).toContain("http://127.0.0.1:9");
    expect(call.prompt).toMatch(/PAPERCLIP_API_KEY.*PAPERCLIP_RUN_ID/);
    expect(call.prompt).toContain("heartbeat procedure in the switchboard skill");
    expect(call.prompt).not.toContain("You are a Paperclip agent");

    // The per-run folder is gone and nothing of the user's changed.
    const staged = flagValue(call.argv, "--add-dir")!;
    expect(existsSync(staged)).toBe(false);
    expect(flagValue(call.argv, "--append-system-prompt-file")!.startsWith(staged)).toBe(true);
    world.untouched();

    const [run] = await runsOf(world.agent.agent.id);
    expect(run).toMatchObject({
      status: "succeeded",
      summary: "Fixed the flaky test and commented on the issue.",
      sessionId: "5b0c7e1e-2f4a-4d8e-9a51-0c6f3d2b7a10",
      // The reported $0.4213 is counted up to a whole cent; input counts the cache reads (12000) and writes (400) too.
      costCents: 43,
      usage: { inputTokens: 13900, cachedInputTokens: 12000, outputTokens: 350, model: "opus", costCents: 42.13 },
    });
    expectDeliveryLog(run.log ?? "");
    const agent = await db.agent.findUniqueOrThrow({ where: { id: world.agent.agent.id } });
    expect(agent.spentMonthlyCents).toBe(43);
    expect(agent.runtimeConfig).toEqual({ sessions: { [issue.id]: "5b0c7e1e-2f4a-4d8e-9a51-0c6f3d2b7a10" } });
  });

  it("resumes the saved session on the next run for the task, and names the comment that woke it", async () => {
    const world = await cliWorld("claude_local");
    const issue = (await createIssue(world.company.id, world.board.token, { title: "Two rounds", assigneeAgentId: world.agent.agent.id })).json;
    await drainOnce();
    expect((await comment(issue.id, world.board.token, "Please also update the changelog.")).status).toBe(201);
    const [second] = await drainOnce();
    expect(second.status).toBe("succeeded");
    const calls = world.records();
    expect(calls).toHaveLength(2);
    expect(flagValue(calls[1].argv, "--resume")).toBe("5b0c7e1e-2f4a-4d8e-9a51-0c6f3d2b7a10");
    expect(calls[1].prompt).toContain("issue_commented");
    expect(calls[1].prompt).toContain("> Please also update the changelog.");
    // Delivered again on the resumed run: an edit between runs must reach the agent.
    expectSkills(calls[1].skills);
    expect(calls[1].appendedSystemPrompt).toContain(AGENTS_MD);
    world.untouched();
  });

  it("retries fresh exactly once when Claude no longer knows the saved session", async () => {
    const world = await cliWorld("claude_local");
    const issue = await assignedWithStaleSession(world, "Stale session");
    const [result] = await drainOnce();
    expect(result).toMatchObject({ status: "succeeded", sessionId: "5b0c7e1e-2f4a-4d8e-9a51-0c6f3d2b7a10" });
    const calls = world.records();
    expect(calls.map((call) => flagValue(call.argv, "--resume") ?? null)).toEqual(["stale-1", null]);
    const [run] = await runsOf(world.agent.agent.id);
    expect(run.log).toContain("claude could not resume session stale-1; starting a fresh session");
    expect((await db.agent.findUniqueOrThrow({ where: { id: world.agent.agent.id } })).runtimeConfig).toEqual({
      sessions: { [issue.id]: "5b0c7e1e-2f4a-4d8e-9a51-0c6f3d2b7a10" },
    });
    expect(calls.every((call) => !existsSync(flagValue(call.argv, "--add-dir")!))).toBe(true);
  });

  it("delivers the file at instructions_path from the run's cwd instead of stored files, and refuses one outside it", async () => {
    const world = await cliWorld("claude_local");
    const wake = async (instructionsPath: string) => {
      await db.agent.update({ where: { id: world.agent.agent.id }, data: { instructionsPath } });
      await db.agentWakeupRequest.create({
        data: {
          companyId: world.company.id,
          agentId: world.agent.agent.id,
          reason: "heartbeat_timer",
          payload: {},
          requestedByType: "system",
          requestedById: "system",
        },
      });
      const [result] = await drainOnce();
      const runs = await runsOf(world.agent.agent.id);
      return { result, log: runs.at(-1)!.log ?? "", call: world.records().at(-1)! };
    };

    const inside = await wake("docs/AGENT.md");
    expect(inside.result.status).toBe("succeeded");
    expect(inside.call.appendedSystemPrompt).toBe(readFileSync(path.join(world.repo, "docs", "AGENT.md"), "utf8"));
    expect(inside.log).toContain(
      `[switchboard] delivered instructions docs/AGENT.md sha256:${sha256(readFileSync(path.join(world.repo, "docs", "AGENT.md"), "utf8"))}`,
    );
    expect(inside.log).not.toContain("AGENTS.md");

    const escape = await wake("../secret.md");
    expect(escape.result.status).toBe("succeeded");
    expect(escape.call.argv).not.toContain("--append-system-prompt-file");
    expect(escape.log).toContain("[switchboard] not delivering instructions: instructions path ../secret.md is outside the working directory");
    expect(JSON.stringify(escape.call)).not.toContain("outside the repository");

    const absolute = await wake(path.join(world.dir, "secret.md"));
    expect(absolute.call.argv).not.toContain("--append-system-prompt-file");
    expect(absolute.log).toContain("is outside the working directory");

    symlinkSync(path.join(world.dir, "secret.md"), path.join(world.repo, "docs", "linked.md"));
    const linked = await wake("docs/linked.md");
    expect(linked.call.argv).not.toContain("--append-system-prompt-file");
    expect(linked.log).toContain("[switchboard] not delivering instructions: instructions path docs/linked.md links outside the working directory");
    rmSync(path.join(world.repo, "docs", "linked.md"));

    const missing = await wake("docs/MISSING.md");
    expect(missing.result.status).toBe("succeeded");
    expect(missing.log).toContain(`[switchboard] not delivering instructions: ${path.join(world.repo, "docs", "MISSING.md")} does not exist`);
    // Skills still arrive when the instructions do not.
    expectSkills(missing.call.skills);
    world.untouched();
  });

  it("cancel stops the CLI's whole process group and removes the per-run folder", async () => {
    const world = await cliWorld("claude_local", {}, { FAKE_CLI_LINGER: "1" });
    await createIssue(world.company.id, world.board.token, { title: "Long one", assigneeAgentId: world.agent.agent.id });
    const claimed = (await claimNextRun())!;
    const finished = executeRun(claimed);
    const pidsFile = path.join(world.dir, "pids.json");
    await expect.poll(() => existsSync(pidsFile), { timeout: 15_000 }).toBe(true);
    const pids = JSON.parse(readFileSync(pidsFile, "utf8")) as number[];
    expect(pids.every(alive)).toBe(true);
    const cancelled = await callRoute(cancelRoute.POST, "POST", "/x", { token: world.board.token, params: { runId: claimed.run.id } });
    expect(cancelled.status).toBe(200);
    expect((await finished).status).toBe("cancelled");
    await expect.poll(() => pids.some(alive), { timeout: 10_000 }).toBe(false);
    expect(existsSync(flagValue(world.records()[0].argv, "--add-dir")!)).toBe(false);
    expect((await db.heartbeatRun.findUniqueOrThrow({ where: { id: claimed.run.id } })).status).toBe("cancelled");
  });
});

/** Takes `cwd` out of the agent's adapter config, as an owner who never set one would leave it. */
async function dropCwd(agentId: string) {
  const config = { ...((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).adapterConfig as Record<string, unknown>) };
  delete config.cwd;
  await db.agent.update({ where: { id: agentId }, data: { adapterConfig: config as Prisma.InputJsonObject } });
}

describe("runs without a working folder", () => {
  it("claude_local works in the agent's own private folder, never the server's, and reads instructions_path there", async () => {
    const world = await cliWorld("claude_local");
    await dropCwd(world.agent.agent.id);
    // `.env` next to the server holds its secrets; it must resolve inside the agent's folder, where there is none.
    await db.agent.update({ where: { id: world.agent.agent.id }, data: { instructionsPath: ".env" } });
    await createIssue(world.company.id, world.board.token, { title: "No repository", assigneeAgentId: world.agent.agent.id });
    const [result] = await drainOnce();
    expect(result.status).toBe("succeeded");

    const own = path.join(runtimeDir("agents"), world.agent.agent.id);
    const [call] = world.records();
    expect(call.cwd).toBe(own);
    expect(call.cwd).not.toBe(process.cwd());
    expect(statSync(own).mode & 0o777).toBe(0o700);
    expect(call.argv).not.toContain("--append-system-prompt-file");
    const [run] = await runsOf(world.agent.agent.id);
    expect(run.log).toContain(`[switchboard] not delivering instructions: ${path.join(own, ".env")} does not exist`);
    expect(run.log).not.toContain(path.join(process.cwd(), ".env"));
  });

  it("codex_local works in the agent's own folder and tells codex it is no git repository", async () => {
    const world = await cliWorld("codex_local");
    await dropCwd(world.agent.agent.id);
    await createIssue(world.company.id, world.board.token, { title: "No repository", assigneeAgentId: world.agent.agent.id });
    expect((await drainOnce()).map((next) => next.status)).toEqual(["succeeded"]);
    const [call] = world.records();
    expect(call.cwd).toBe(path.join(runtimeDir("agents"), world.agent.agent.id));
    expect(call.argv.slice(0, 3)).toEqual(["exec", "--json", "--skip-git-repo-check"]);
  });

  it("the process adapter works in the agent's own folder too, and a relative cwd stored before the schema refused one is refused", async () => {
    const company = await seedCompany();
    const board = await seedUser({ memberships: { [company.id]: "owner" } });
    const agent = await agentWithRun(company.id, "Runner");
    const { adapterConfig, wakes } = processAdapter();
    const { cwd: _configured, ...withoutCwd } = adapterConfig;
    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterType: "process", adapterConfig: withoutCwd } });
    await createIssue(company.id, board.token, { title: "Anywhere", assigneeAgentId: agent.agent.id });
    expect((await drainOnce()).map((next) => next.status)).toEqual(["succeeded"]);
    expect(wakes()[0].cwd).toBe(path.join(runtimeDir("agents"), agent.agent.id));

    await db.agent.update({ where: { id: agent.agent.id }, data: { adapterConfig: { ...withoutCwd, cwd: "." } } });
    await db.agentWakeupRequest.create({
      data: { companyId: company.id, agentId: agent.agent.id, reason: "heartbeat_timer", payload: {}, requestedByType: "system", requestedById: "system" },
    });
    const [refused] = await drainOnce();
    expect(refused).toMatchObject({ status: "failed", error: "adapterConfig.cwd must be an absolute path, not ." });
    expect(wakes()).toHaveLength(1);
  });
});

describe("codex_local with a fake codex binary", () => {
  it("delivers skills and instructions in a per-run CODEX_HOME seeded with the user's login, and resumes the thread", async () => {
    const world = await cliWorld("codex_local");
    // Codex reports no cost: the company's prices turn its tokens into one.
    await db.company.update({
      where: { id: world.company.id },
      data: { settings: { modelPrices: { default: { inputCentsPerMillion: 10_000, cachedInputCentsPerMillion: 1_000, outputCentsPerMillion: 50_000 } } } },
    });
    const issue = (await createIssue(world.company.id, world.board.token, { title: "Codex task", assigneeAgentId: world.agent.agent.id })).json;
    const [result] = await drainOnce({ apiUrl: "http://127.0.0.1:9" });
    expect(result).toMatchObject({ status: "succeeded", sessionId: "thread_new", summary: "Checked the issue and left a comment." });

    const [call] = world.records();
    const codexHome = call.env.CODEX_HOME;
    expect(codexHome).toBeTruthy();
    expect(codexHome.startsWith(world.home)).toBe(false);
    expectSkills(call.skills);
    expect(call.codexHome!["AGENTS.md"]).toBe(`<!-- AGENTS.md -->\n${AGENTS_MD}\n<!-- TOOLS.md -->\n${TOOLS_MD}`);
    expect(call.codexHome!["auth.json"]).toEqual({ symlinkTo: path.join(world.home, ".codex", "auth.json") });
    // The user's settings, then Switchboard's MCP server for this run (the token stays in the environment).
    expect(call.codexHome!["config.toml"]).toBe(
      'model = "gpt-5"\n\n# Added by Switchboard for this run only\n[mcp_servers.switchboard]\nurl = "http://127.0.0.1:9/api/mcp"\nbearer_token_env_var = "PAPERCLIP_API_KEY"\n',
    );
    expect(call.cwd).toBe(world.repo);
    expect(call.argv).not.toContain("--skip-git-repo-check");
    expect(call.prompt).toContain(`${issue.identifier} "Codex task"`);
    expect(call.prompt).toContain("http://127.0.0.1:9");
    expect(call.prompt).not.toContain("You are a Paperclip agent");
    expect(existsSync(codexHome)).toBe(false);
    world.untouched();

    const [run] = await runsOf(world.agent.agent.id);
    // 800 uncached at 10 ¢ per 1,000 + 100 cached at 1 ¢ + 80 out at 50 ¢ = 12.1 cents, counted as 13.
    expect(run).toMatchObject({ status: "succeeded", costCents: 13, usage: { inputTokens: 900, cachedInputTokens: 100, outputTokens: 80 } });
    expectDeliveryLog(run.log ?? "");
    expect((await db.agent.findUniqueOrThrow({ where: { id: world.agent.agent.id } })).spentMonthlyCents).toBe(13);

    expect((await comment(issue.id, world.board.token, "One more thing")).status).toBe(201);
    expect((await drainOnce()).map((next) => next.status)).toEqual(["succeeded"]);
    const resumed = world.records()[1];
    expect(resumed.argv.slice(resumed.argv.indexOf("resume"), resumed.argv.indexOf("resume") + 2)).toEqual(["resume", "thread_new"]);
    expect(resumed.prompt).toContain("> One more thing");
    world.untouched();
  });

  it("retries fresh exactly once when codex cannot resume the saved thread", async () => {
    const world = await cliWorld("codex_local");
    const issue = await assignedWithStaleSession(world, "Stale thread");
    expect((await drainOnce()).map((next) => next.status)).toEqual(["succeeded"]);
    expect(world.records().map((call) => call.argv.includes("resume"))).toEqual([true, false]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: world.agent.agent.id } })).runtimeConfig).toEqual({ sessions: { [issue.id]: "thread_new" } });
  });
});

describe("Switchboard's MCP server in CLI runs", () => {
  const MCP_LOG_LINE = "[switchboard] MCP server: http://127.0.0.1:9/api/mcp (tools for tasks, thinking, attachments, metrics, file marks)";

  it("claude_local gets --mcp-config naming a 600 file in the per-run folder with the URL and the run's token, gone after the run", async () => {
    const world = await cliWorld("claude_local");
    await createIssue(world.company.id, world.board.token, { title: "With tools", assigneeAgentId: world.agent.agent.id });
    const [result] = await drainOnce({ apiUrl: "http://127.0.0.1:9/" });
    expect(result.status).toBe("succeeded");

    const [call] = world.records();
    const token = call.env.PAPERCLIP_API_KEY;
    expect(token).toMatch(/^pcp_run_/);
    const file = flagValue(call.argv, "--mcp-config")!;
    expect(path.dirname(file)).toBe(flagValue(call.argv, "--add-dir"));
    // The user's own MCP servers still load beside ours.
    expect(call.argv).not.toContain("--strict-mcp-config");
    expect(call.mcpConfig).toEqual({
      path: file,
      mode: 0o600,
      content: { mcpServers: { switchboard: { type: "http", url: "http://127.0.0.1:9/api/mcp", headers: { Authorization: `Bearer ${token}` } } } },
    });
    expect(existsSync(file)).toBe(false);
    world.untouched();

    const [run] = await runsOf(world.agent.agent.id);
    expect(run.log).toContain(MCP_LOG_LINE);
    expect(run.log).not.toContain(token);
  });

  it("codex_local's per-run config.toml names the server and the variable holding the token, never the token; the user's file is untouched", async () => {
    const world = await cliWorld("codex_local");
    await createIssue(world.company.id, world.board.token, { title: "With tools", assigneeAgentId: world.agent.agent.id });
    expect((await drainOnce({ apiUrl: "http://127.0.0.1:9" })).map((next) => next.status)).toEqual(["succeeded"]);
    const [call] = world.records();
    const config = call.codexHome!["config.toml"] as string;
    expect(config).toContain('[mcp_servers.switchboard]\nurl = "http://127.0.0.1:9/api/mcp"\nbearer_token_env_var = "PAPERCLIP_API_KEY"\n');
    expect(call.env.PAPERCLIP_API_KEY).toMatch(/^pcp_run_/);
    expect(config).not.toContain(call.env.PAPERCLIP_API_KEY);
    expect(JSON.stringify(call.codexHome)).not.toContain(call.env.PAPERCLIP_API_KEY);
    world.untouched();
    const [run] = await runsOf(world.agent.agent.id);
    expect(run.log).toContain(MCP_LOG_LINE);
    expect(run.log).not.toContain(call.env.PAPERCLIP_API_KEY);
  });

  it("codex_local keeps a [mcp_servers.switchboard] the user defined and says so", async () => {
    const world = await cliWorld("codex_local");
    const own = 'model = "gpt-5"\n\n[mcp_servers."switchboard"]\nurl = "https://board.example.test/api/mcp"\nbearer_token_env_var = "MY_KEY"\n';
    writeFileSync(path.join(world.home, ".codex", "config.toml"), own);
    await createIssue(world.company.id, world.board.token, { title: "Own server", assigneeAgentId: world.agent.agent.id });
    expect((await drainOnce({ apiUrl: "http://127.0.0.1:9" })).map((next) => next.status)).toEqual(["succeeded"]);
    expect(world.records()[0].codexHome!["config.toml"]).toBe(own);
    const [run] = await runsOf(world.agent.agent.id);
    expect(run.log).toContain("[switchboard] MCP server: config.toml already defines [mcp_servers.switchboard]; the user's own definition wins");
    expect(run.log).not.toContain(MCP_LOG_LINE);
    expect(readFileSync(path.join(world.home, ".codex", "config.toml"), "utf8")).toBe(own);
  });

  it("mcp: false gives neither CLI the server", async () => {
    const schemaCompany = await seedCompany();
    const owner = await seedUser({ memberships: { [schemaCompany.id]: "owner" } });
    const create = (adapterType: string, mcp: unknown) =>
      callRoute(companyAgentsRoute.POST, "POST", "/x", {
        token: owner.token,
        params: { companyId: schemaCompany.id },
        body: { name: `Agent ${Math.random()}`, adapterType, adapterConfig: { mcp } },
      });
    expect((await create("claude_local", false)).status).toBe(201);
    expect((await create("codex_local", true)).status).toBe(201);
    const refused = await create("codex_local", "off");
    expect(refused.status).toBe(422);
    expect(refused.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["adapterConfig.mcp"]);

    for (const adapterType of ["claude_local", "codex_local"] as const) {
      const world = await cliWorld(adapterType, { mcp: false });
      await createIssue(world.company.id, world.board.token, { title: "No tools", assigneeAgentId: world.agent.agent.id });
      expect((await drainOnce({ apiUrl: "http://127.0.0.1:9" })).map((next) => next.status)).toEqual(["succeeded"]);
      const [call] = world.records();
      expect(call.argv).not.toContain("--mcp-config");
      expect(call.mcpConfig ?? null).toBeNull();
      if (adapterType === "codex_local") expect(call.codexHome!["config.toml"]).toBe('model = "gpt-5"\n');
      const [run] = await runsOf(world.agent.agent.id);
      expect(run.log).toContain("[switchboard] MCP server not given to this run: adapterConfig.mcp is false");
      expect(run.log).not.toContain("/api/mcp");
    }
  });

  it.each(["claude_local", "codex_local"] as const)(
    "%s: the CLI calls `thinking` over real HTTP with only what its own MCP configuration says, and the thought is the run's",
    async (adapterType) => {
      const server = await startMcpHttp();
      try {
        const thought = `Reading the flaky test (${adapterType})`;
        const world = await cliWorld(adapterType, {}, { FAKE_CLI_MCP_CALL: JSON.stringify({ tool: "thinking", arguments: { thought } }) });
        await createIssue(world.company.id, world.board.token, { title: "Think aloud", assigneeAgentId: world.agent.agent.id });
        const [result] = await drainOnce({ apiUrl: server.url.replace(/\/api\/mcp$/, "") });
        expect(result.status).toBe("succeeded");

        const [run] = await runsOf(world.agent.agent.id);
        // The CLI's own record of the call, in its output format, lands in the run log.
        expect(run.log).toContain(adapterType === "claude_local" ? '"name":"mcp__switchboard__thinking"' : '"type":"mcp_tool_call"');
        expect(run.log).toContain(thought);
        expect(run.log).not.toMatch(/"is_error":true|"status":"failed"/);

        const listed = await callRoute(agentThoughtsRoute.GET, "GET", "/x", { token: world.board.token, params: { id: world.agent.agent.id } });
        expect(listed.status).toBe(200);
        expect(listed.json.thoughts).toHaveLength(1);
        expect(listed.json.thoughts[0]).toMatchObject({ agentId: world.agent.agent.id, runId: run.id, text: thought });
        // The run's token stopped working with the run: the CLI's configuration is useless afterwards.
        const [call] = world.records();
        const after = await fetch(server.url, {
          method: "POST",
          headers: { Authorization: `Bearer ${call.env.PAPERCLIP_API_KEY}`, Accept: "application/json, text/event-stream", "Content-Type": "application/json" },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "late", version: "1" } },
          }),
        });
        expect(after.status).toBe(401);
      } finally {
        await server.close();
      }
    },
  );
});
