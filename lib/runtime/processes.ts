import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";

/** The host this server runs on: each supervisor only touches the services and operations it started. */
export const hostId = () => process.env.SWITCHBOARD_HOST_ID ?? os.hostname();

/** Fields of /proc/<pid>/stat after the command name, which may itself contain spaces and parentheses. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Kernel start time of a process, so a recycled pid is never mistaken for the one we started. */
export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return isSignalable(-pgid) ? [pgid] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    // fields[0] is the state, fields[2] the process group.
    if (fields && fields[0] !== "Z" && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

function isSignalable(target: number) {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process we started is still the one with this pid. */
export function isSameProcess(pid: number, startTime: string | null) {
  const fields = statFields(pid);
  if (!fields || fields[0] === "Z") return false;
  return startTime === null || fields[19] === startTime;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Nothing left to signal.
  }
}

async function waitForGroupExit(pgid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return true;
    await sleep(50);
  }
  return groupMembers(pgid).length === 0;
}

export type GroupStop = { outcome: "not_running" | "terminated" | "killed" | "survived"; signal: NodeJS.Signals | null; elapsedMs: number };

/** TERM to the whole group, KILL to whatever outlives the grace period; reports how it ended. */
export async function stopProcessGroup(pgid: number, graceMs = 5_000): Promise<GroupStop> {
  const started = Date.now();
  if (groupMembers(pgid).length === 0) return { outcome: "not_running", signal: null, elapsedMs: 0 };
  signalGroup(pgid, "SIGTERM");
  if (await waitForGroupExit(pgid, graceMs)) return { outcome: "terminated", signal: "SIGTERM", elapsedMs: Date.now() - started };
  signalGroup(pgid, "SIGKILL");
  const gone = await waitForGroupExit(pgid, 3_000);
  return { outcome: gone ? "killed" : "survived", signal: "SIGKILL", elapsedMs: Date.now() - started };
}

/** Something accepts TCP connections on the port (on IPv4 or IPv6 loopback). */
export function isPortListening(port: number, timeoutMs = 500): Promise<boolean> {
  const probe = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      const done = (open: boolean) => {
        socket.destroy();
        resolve(open);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once("connect", () => done(true));
      socket.once("error", () => done(false));
    });
  return probe("127.0.0.1").then((open) => open || probe("::1"));
}

/** PAPERCLIP_WORKSPACE_* for a command run in a workspace: which one, where, and on which branch (if it has one). */
export function workspaceVariables(workspace: { id: string; cwd: string | null; branchName?: string | null }): Record<string, string> {
  return {
    PAPERCLIP_WORKSPACE_ID: workspace.id,
    PAPERCLIP_WORKSPACE_CWD: workspace.cwd ?? "",
    ...(workspace.branchName !== undefined ? { PAPERCLIP_WORKSPACE_BRANCH: workspace.branchName ?? "" } : {}),
  };
}

/** The process environment a workspace command gets: an allowlist of the server's, then the configured values. */
export function commandEnvironment(...layers: (Record<string, string> | null | undefined)[]): Record<string, string> {
  const inherited = Object.fromEntries(
    ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "SHELL"].filter((name) => process.env[name]).map((name) => [name, process.env[name]!]),
  );
  return Object.assign(inherited, ...layers.map((layer) => layer ?? {}));
}
