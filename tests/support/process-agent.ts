import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db/client";

/** The JSON lines a fixture has appended to `file` so far: none until it writes the first. */
export function readJsonLines<T>(file: string): T[] {
  return existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as T)
    : [];
}

/**
 * Process-adapter settings that run tests/fixtures/agent-process.mjs in a fresh folder, where it appends each wake's
 * environment to wakes.jsonl and its process ids to pids.json.
 */
export function processAdapter(env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-agent-"));
  const out = path.join(dir, "wakes.jsonl");
  const adapterConfig = {
    command: process.execPath,
    args: [path.resolve("tests/fixtures/agent-process.mjs")],
    cwd: dir,
    timeoutSec: 30,
    env: { AGENT_OUT: out, AGENT_PIDS: path.join(dir, "pids.json"), ...env },
  };
  return { dir, adapterConfig, wakes: () => readJsonLines<Record<string, string>>(out) };
}

/** The runs the scheduler started for an agent, oldest first. */
export const runsOf = (agentId: string) => db.heartbeatRun.findMany({ where: { agentId, invocationSource: "scheduler" }, orderBy: { createdAt: "asc" } });

/** Whether a process still exists (signal 0 only checks). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
