import "server-only";
import { execFile } from "node:child_process";
import { commandEnvironment } from "../runtime/processes";

/** The environment git runs with: the allowlist, and never a credential prompt. */
export const gitEnvironment = () => commandEnvironment({ GIT_TERMINAL_PROMPT: "0" });

/** git with an argv we built (never a shell), no prompts, bounded time. */
export function git(cwd: string, args: string[], timeoutMs = 15_000): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, env: gitEnvironment() as NodeJS.ProcessEnv, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: stdout.toString().trim(), stderr: (stderr.toString() || (error?.message ?? "")).trim() });
    });
  });
}

export const branchExists = async (cwd: string, branch: string) => (await git(cwd, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`])).ok;

export type GitFacts = {
  repoRoot: string | null;
  workspacePath: string | null;
  branchName: string | null;
  baseRef: string | null;
  hasDirtyTrackedFiles: boolean;
  hasUntrackedFiles: boolean;
  dirtyEntryCount: number;
  untrackedEntryCount: number;
  aheadCount: number | null;
  behindCount: number | null;
  isMergedIntoBase: boolean | null;
  branchExists: boolean | null;
  createdByRuntime: boolean;
};

/** What closing would lose: uncommitted files and commits not on the base ref. Null when cwd is not a git checkout. */
export async function gitFacts(cwd: string, branchName: string | null, baseRef: string | null, createdByRuntime: boolean): Promise<GitFacts | null> {
  const root = await git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!root.ok) return null;
  const status = await git(cwd, ["status", "--porcelain"]);
  const entries = status.ok && status.stdout ? status.stdout.split("\n") : [];
  const untracked = entries.filter((line) => line.startsWith("??")).length;
  let aheadCount: number | null = null;
  let behindCount: number | null = null;
  if (baseRef) {
    const counts = await git(cwd, ["rev-list", "--left-right", "--count", `${baseRef}...HEAD`]);
    if (counts.ok) [behindCount, aheadCount] = counts.stdout.split(/\s+/).map(Number);
  }
  const hasBranch = branchName ? await branchExists(cwd, branchName) : null;
  return {
    repoRoot: root.stdout,
    workspacePath: cwd,
    branchName,
    baseRef,
    hasDirtyTrackedFiles: entries.length - untracked > 0,
    hasUntrackedFiles: untracked > 0,
    dirtyEntryCount: entries.length - untracked,
    untrackedEntryCount: untracked,
    aheadCount,
    behindCount,
    isMergedIntoBase: aheadCount === null ? null : aheadCount === 0,
    branchExists: hasBranch,
    createdByRuntime,
  };
}

/** A git branch name from a template like `{{issue.identifier}}-workspace`, cleaned to what git accepts. */
export function branchNameFor(template: string, vars: Record<string, string>) {
  const rendered = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, key: string) => vars[key] ?? "");
  const cleaned = rendered
    .replace(/[^A-Za-z0-9._/-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/\.{2,}/g, ".")
    .replace(/^[-/.]+|[-/.]+$/g, "")
    .slice(0, 120);
  return cleaned.replace(/\.lock$/, "") || "switchboard-work";
}
