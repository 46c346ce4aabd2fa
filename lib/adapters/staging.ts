import "server-only";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runtimeDir } from "../runtime/logs";
import { SKILL_ENTRY_FILE, SKILL_KEY_PATTERN, skillFilePathProblems } from "../skills/rules";
import { instructionsDocument } from "./delivery";
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
 */
export function stageForClaude(delivery: Delivery, log: (line: string) => void): Staged {
  const { dir, cleanup } = tempFolder("switchboard-claude-");
  try {
    const skills = path.join(dir, ".claude", "skills");
    mkdirSync(skills, { recursive: true });
    for (const skill of delivery.skills) writeSkill(skills, skill, log);
    const args = ["--add-dir", dir];
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
 * log the user out) and config.toml copied, neither ever written by us. Sessions live in a folder Switchboard keeps per
 * agent, so a later run can resume them although this home is removed.
 */
export function stageForCodex(delivery: Delivery, env: Record<string, string>, agentId: string, log: (line: string) => void): Staged {
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
    return { dir, args: [], env: { CODEX_HOME: dir }, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
