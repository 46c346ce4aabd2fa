import "server-only";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runtimeDir } from "../runtime/logs";
import { SKILL_ENTRY_FILE, SKILL_KEY_PATTERN, skillFilePathProblems } from "../skills/rules";
import { instructionsDocument } from "./delivery";
import { MCP_SERVER_NAME, RUN_TOKEN_ENV_VAR, claudeMcpConfig, codexMcpTable, mcpServerLogLine, tomlMcpServerState, type McpAccess } from "./mcp-config";
import type { DeliveredSkill, Delivery } from "./types";

/** A per-run folder the CLI reads its skills and instructions from; removed when the run ends, whatever the outcome. */
export type Staged = { dir: string; args: string[]; env: Record<string, string>; cleanup: () => void };

/**
 * SKILL.md and its files under `root/<key>/`. Saving checks the same rules (lib/skills/rules.ts); a row stored before
 * them, or anything the disk refuses, is skipped and logged here so one odd file never fails the run.
 */
function writeSkill(root: string, skill: DeliveredSkill, log: (line: string) => void) {
  if (!SKILL_KEY_PATTERN.test(skill.key)) {
    log(`[switchboard] skipped skill with unusable folder name ${JSON.stringify(skill.key)}\n`);
    return;
  }
  const folder = path.join(root, skill.key);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, SKILL_ENTRY_FILE), skill.markdown);
  const refused = new Map(skillFilePathProblems(Object.keys(skill.files)).map((problem) => [problem.path, problem.reason]));
  for (const [relative, content] of Object.entries(skill.files)) {
    const skipped = (reason: string) => log(`[switchboard] skipped file ${JSON.stringify(relative)} of skill ${skill.key}: ${reason}\n`);
    const problem = refused.get(relative) ?? (typeof content === "string" ? null : "not text");
    if (problem) {
      skipped(problem);
      continue;
    }
    try {
      const target = path.join(folder, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    } catch (error) {
      skipped(error instanceof Error ? error.message : String(error));
    }
  }
}

function tempFolder(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Claude Code: skills as `<dir>/.claude/skills/<key>/SKILL.md`, found through `--add-dir <dir>`, and the instructions
 * appended to the system prompt from a file in the same folder. The user's repository and ~/.claude stay untouched.
 * With `mcp`, Switchboard's MCP server with the run's token goes into `<dir>/mcp.json` (owner-only: it holds the token)
 * passed with `--mcp-config`; without `--strict-mcp-config`, so the user's own servers still load beside it.
 */
export function stageForClaude(delivery: Delivery, log: (line: string) => void, mcp: McpAccess | null = null): Staged {
  const { dir, cleanup } = tempFolder("switchboard-claude-");
  try {
    const skills = path.join(dir, ".claude", "skills");
    mkdirSync(skills, { recursive: true });
    for (const skill of delivery.skills) writeSkill(skills, skill, log);
    const args = ["--add-dir", dir];
    if (mcp) {
      const file = path.join(dir, "mcp.json");
      writeFileSync(file, `${JSON.stringify(claudeMcpConfig(mcp.url, { Authorization: `Bearer ${mcp.token}` }), null, 2)}\n`, { mode: 0o600 });
      args.push("--mcp-config", file);
      log(mcpServerLogLine(mcp.url));
    }
    const instructions = instructionsDocument(delivery);
    if (instructions !== null) {
      const file = path.join(dir, "instructions.md");
      writeFileSync(file, instructions);
      args.push("--append-system-prompt-file", file);
    }
    return { dir, args, env: {}, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * Codex: a per-run CODEX_HOME with `skills/<key>/SKILL.md` and the instructions as its global AGENTS.md. Codex still
 * needs the user's login and settings: auth.json is linked (its refresh tokens rotate, so a copy would go stale and
 * log the user out) and config.toml copied; the user's own files are never written. Sessions live in a folder Switchboard keeps per
 * agent, so a later run can resume them although this home is removed. With `mcp`, the copied config.toml gains a
 * `[mcp_servers.switchboard]` table naming the environment variable the run's token is in, so the token never lands
 * on disk; a definition of the user's own under that name is left as it is.
 */
export function stageForCodex(
  delivery: Delivery,
  env: Record<string, string>,
  agentId: string,
  log: (line: string) => void,
  mcp: Pick<McpAccess, "url"> | null = null,
): Staged {
  const { dir, cleanup } = tempFolder("switchboard-codex-");
  try {
    const userHome = env.CODEX_HOME || path.join(env.HOME || os.homedir(), ".codex");
    if (existsSync(path.join(userHome, "auth.json"))) symlinkSync(path.join(userHome, "auth.json"), path.join(dir, "auth.json"));
    if (existsSync(path.join(userHome, "config.toml"))) copyFileSync(path.join(userHome, "config.toml"), path.join(dir, "config.toml"));
    symlinkSync(runtimeDir("codex-sessions", agentId), path.join(dir, "sessions"));
    mkdirSync(path.join(dir, "skills"));
    for (const skill of delivery.skills) writeSkill(path.join(dir, "skills"), skill, log);
    const instructions = instructionsDocument(delivery);
    if (instructions !== null) writeFileSync(path.join(dir, "AGENTS.md"), instructions);
    if (mcp) addCodexMcpServer(path.join(dir, "config.toml"), mcp.url, log);
    return { dir, args: [], env: { CODEX_HOME: dir }, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Appends Switchboard's server to the per-run config.toml, unless the user's copy already has its own or cannot take one. */
function addCodexMcpServer(file: string, url: string, log: (line: string) => void) {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const state = tomlMcpServerState(existing);
  if (state === "defined") {
    log(`[switchboard] MCP server: config.toml already defines [mcp_servers.${MCP_SERVER_NAME}]; the user's own definition wins\n`);
    return;
  }
  if (state === "inline") {
    log(`[switchboard] MCP server not added: config.toml sets mcp_servers as an inline table, which [mcp_servers.${MCP_SERVER_NAME}] cannot extend\n`);
    return;
  }
  const separator = existing && !existing.endsWith("\n") ? "\n\n" : existing ? "\n" : "";
  appendFileSync(file, `${separator}# Added by Switchboard for this run only\n${codexMcpTable(url, RUN_TOKEN_ENV_VAR)}`);
  log(mcpServerLogLine(url));
}
