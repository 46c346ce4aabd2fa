import "server-only";
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { demoAgentAdapterConfig } from "../agents/demo";
import type { Actor, BoardActor } from "../auth/actor";
import { hasCompanyAccess, requireBoard } from "../auth/permissions";
import { Forbidden } from "../errors";
import { commandEnvironment, signalGroup } from "../runtime/processes";

/** The agent CLIs a run can start on this server, by the adapter that runs each. */
const KNOWN_CLIS = [
  { adapterType: "claude_local", name: "Claude Code", command: "claude" },
  { adapterType: "codex_local", name: "Codex", command: "codex" },
] as const;

export type AgentCli = {
  adapterType: (typeof KNOWN_CLIS)[number]["adapterType"];
  name: string;
  command: string;
  path: string | null;
  version: string | null;
  problem: string | null;
};

export type DetectionOptions = {
  /** The PATH to search; the server's own when unset. */
  searchPath?: string;
  /** How long `--version` may take before it counts as failed. */
  versionTimeoutMs?: number;
  /** Look again even when a cached answer is fresh, and cache the new one. */
  fresh?: boolean;
};

const VERSION_TIMEOUT_MS = 5_000;
/** The wizard reloads its agent step often; one look every half minute is enough to notice a fresh install. */
const CACHE_MS = 30_000;
const MAX_VERSION_LENGTH = 200;

let cached: { key: string; at: number; result: Promise<AgentCli[]> } | null = null;

/** Forgets the cached answer, so the next detection spawns the CLIs again. */
export function resetAgentCliDetection() {
  cached = null;
}

/**
 * The first executable regular file named `command` in the PATH's folders, as a shell would find it. Relative and
 * empty entries are skipped: they would resolve against the server's own working folder.
 */
async function findOnPath(command: string, searchPath: string): Promise<string | null> {
  for (const folder of searchPath.split(path.delimiter)) {
    if (!path.isAbsolute(folder)) continue;
    const candidate = path.join(folder, command);
    try {
      if (!(await stat(candidate)).isFile()) continue;
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return null;
}

type VersionAnswer = { ok: true; output: string } | { ok: false; reason: string };
type Exit = { code: number | null; signal: NodeJS.Signals | null };

const MAX_OUTPUT = 64 * 1024;

function answerFrom(exit: Exit, stdout: string, stderr: string): VersionAnswer {
  if (exit.code === 0) return { ok: true, output: stdout.trim() || stderr.trim() };
  const how = exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
  const said = firstLine(stderr) || firstLine(stdout);
  return { ok: false, reason: said ? `${how}: ${said}` : how };
}

/**
 * Runs `<file> --version` without a shell, in its own process group, so that on timeout the whole group (a wrapper
 * script's children too) is killed and nothing is left running or holding the answer back.
 */
function askVersion(file: string, searchPath: string, timeoutMs: number): Promise<VersionAnswer> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let exit: Exit | null = null;
    let settled = false;
    const settle = (answer: VersionAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const child = spawn(file, ["--version"], {
      env: commandEnvironment({ PATH: searchPath }) as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk.toString();
    });
    child.on("error", (error) => settle({ ok: false, reason: error.message }));
    child.on("exit", (code, signal) => {
      exit = { code, signal };
    });
    child.on("close", () => settle(answerFrom(exit ?? { code: null, signal: null }, stdout, stderr)));
    const timer = setTimeout(() => {
      if (child.pid) signalGroup(child.pid, "SIGKILL");
      // A CLI that answered but left a child holding its output open still answered.
      settle(exit ? answerFrom(exit, stdout, stderr) : { ok: false, reason: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
  });
}

const firstLine = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean)
    ?.slice(0, MAX_VERSION_LENGTH) ?? "";

/**
 * What `--version` says, e.g. `2.0.14 (Claude Code)` or `codex-cli 0.46.0`: the first line, kept whole. A line
 * without a version number means the file on PATH is some other program of that name.
 */
function versionFrom(output: string): string | null {
  const line = firstLine(output);
  return /\d+\.\d+/.test(line) ? line : null;
}

async function detectOne(cli: (typeof KNOWN_CLIS)[number], searchPath: string, timeoutMs: number): Promise<AgentCli> {
  const base = { adapterType: cli.adapterType, name: cli.name, command: cli.command };
  const found = await findOnPath(cli.command, searchPath);
  if (!found) return { ...base, path: null, version: null, problem: "Not found on the server's PATH" };
  const answer = await askVersion(found, searchPath, timeoutMs);
  if (!answer.ok) return { ...base, path: found, version: null, problem: `\`${cli.command} --version\` failed: ${answer.reason}` };
  const version = versionFrom(answer.output);
  if (!version) {
    const said = firstLine(answer.output);
    return { ...base, path: found, version: null, problem: `\`${cli.command} --version\` printed no version number${said ? `: ${said}` : ""}` };
  }
  return { ...base, path: found, version, problem: null };
}

/** Claude Code and Codex as the server would find them, cached per PATH for half a minute. */
export function detectAgentClis(options: DetectionOptions = {}): Promise<AgentCli[]> {
  const searchPath = options.searchPath ?? process.env.PATH ?? "";
  const timeoutMs = options.versionTimeoutMs ?? VERSION_TIMEOUT_MS;
  const key = `${timeoutMs}\0${searchPath}`;
  if (!options.fresh && cached?.key === key && Date.now() - cached.at < CACHE_MS) return cached.result;
  const result = Promise.all(KNOWN_CLIS.map((cli) => detectOne(cli, searchPath, timeoutMs)));
  cached = { key, at: Date.now(), result };
  return result;
}

/**
 * The answer names files on the server's disk (a home folder, say) and is of use only to someone who may set an
 * agent's adapter, which owners do: so an instance admin, or the owner of at least one company, may ask.
 */
function requireAdapterSetter(actor: Actor): asserts actor is BoardActor {
  requireBoard(actor);
  if (actor.isInstanceAdmin || Object.keys(actor.memberships).some((companyId) => hasCompanyAccess(actor, companyId, "admin"))) return;
  throw new Forbidden("Only company owners and instance admins set up agents, so only they may see the server's agent CLIs", "owner_required");
}

/** For the first-run wizard: which agent CLIs this server can run, and the built-in demo agent that needs none. */
export async function listAgentClis(actor: Actor) {
  requireAdapterSetter(actor);
  return { clis: await detectAgentClis(), demo: { adapterType: "process" as const, adapterConfig: demoAgentAdapterConfig() } };
}

export function serializeAgentClis(list: Awaited<ReturnType<typeof listAgentClis>>) {
  return {
    clis: list.clis.map((cli) => ({
      adapterType: cli.adapterType,
      name: cli.name,
      command: cli.command,
      path: cli.path,
      version: cli.version,
      problem: cli.problem,
    })),
    demo: {
      adapterType: list.demo.adapterType,
      adapterConfig: { command: list.demo.adapterConfig.command, args: [...list.demo.adapterConfig.args], timeoutSec: list.demo.adapterConfig.timeoutSec },
    },
  };
}
