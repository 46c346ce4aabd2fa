// Launches the app exactly as a user does (`node --import tsx scripts/start.ts`) on a throwaway DATA_DIR,
// and stops it with SIGTERM; `launchInstance` adds a second app server on the same database. Only the processes
// started here are ever signalled.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../lib/net";
import { root } from "../lib/build";
import { signalGroup, spawnInstance, stopGroup } from "../lib/instance";
import { waitForHealth } from "../lib/remote-server";

export type Server = {
  child: ChildProcess;
  port: number;
  base: string;
  /** postgresql:// URL of the launcher's embedded database (parsed from its log). */
  databaseUrl: string;
  dataDir: string;
  /** The SWITCHBOARD_HOST_ID its runs record: the launcher sets none, so the server falls back to the host name. */
  hostId: string;
  admin: { email: string; password: string };
  output: () => string;
  /** CPU ms used so far by the server's process tree (Linux /proc), split into Node and PostgreSQL; null elsewhere. */
  cpu: () => { nodeMs: number; postgresMs: number } | null;
  stop: () => Promise<void>;
};

type Proc = { pid: number; ppid: number; cpuMs: number; postgres: boolean };

function processTable(): Proc[] | null {
  if (!existsSync("/proc/self/stat")) return null;
  const ticksToMs = 1000 / 100; // USER_HZ is 100 on Linux
  const table: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        cpuMs: (Number(fields[11]) + Number(fields[12])) * ticksToMs,
        postgres: name.startsWith("postgres"),
      });
    } catch {
      // exited while we looked
    }
  }
  return table;
}

/** Sums CPU time of `root` and its descendants (live ones; exited children are not counted). */
function treeCpu(root: number) {
  const table = processTable();
  if (!table) return null;
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const proc of table) {
      if (inTree.has(proc.pid) || !inTree.has(proc.ppid)) continue;
      inTree.add(proc.pid);
      grew = true;
    }
  }
  let nodeMs = 0;
  let postgresMs = 0;
  for (const proc of table) {
    if (!inTree.has(proc.pid) || proc.pid === root) continue; // the launcher itself only waits
    if (proc.postgres) postgresMs += proc.cpuMs;
    else nodeMs += proc.cpuMs;
  }
  return { nodeMs, postgresMs };
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// The bench is the load; the API's rate limits would answer 429 to it. The floor phase sends requests without
// credentials from one address, so the per-IP limit is lifted too.
const UNLIMITED_RATES = {
  RATE_LIMIT_BURST: "100000000",
  RATE_LIMIT_PER_SECOND: "100000000",
  RATE_LIMIT_UNAUTHENTICATED_BURST: "100000000",
  RATE_LIMIT_UNAUTHENTICATED_PER_SECOND: "100000000",
};

export async function launchServer(options: { startupTimeoutMs?: number; verbose?: boolean } = {}): Promise<Server> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-bench-"));
  const port = await findFreePort();
  const admin = { email: "bench@example.com", password: "bench-password-123" };
  let output = "";
  let databasePort: number | null = null;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    // Its own process group, so a stuck shutdown can be finished for this tree only.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: "",
      NEXTAUTH_SECRET: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      NEXTAUTH_URL: `http://localhost:${port}`,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      ...UNLIMITED_RATES,
    },
  });
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    const match = /embedded PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(output);
    if (match && databasePort === null) databasePort = Number(match[1]);
    if (options.verbose || /\[switchboard\]|error|Error/.test(text)) {
      for (const line of text.split("\n")) if (line.trim()) process.stderr.write(`[server] ${line}\n`);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      log(`stopping server (SIGTERM to pid ${child.pid})`);
      child.kill("SIGTERM");
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000))]);
      if (!done && child.pid) {
        log("server did not stop within 30 s; SIGKILL to its process group");
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, child, () => output, options.startupTimeoutMs ?? 300_000);
    if (databasePort === null) throw new Error(`could not find the embedded PostgreSQL port in the launcher output:\n${output.slice(-4000)}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    child,
    port,
    base,
    databaseUrl: `postgresql://switchboard:switchboard@127.0.0.1:${databasePort}/switchboard`,
    dataDir,
    hostId: process.env.SWITCHBOARD_HOST_ID ?? os.hostname(),
    admin,
    output: () => output,
    cpu: () => (child.pid ? treeCpu(child.pid) : null),
    stop,
  };
}

export type Instance = {
  child: ChildProcess;
  base: string;
  hostId: string;
  output: () => string;
  stop: () => Promise<void>;
};

/** One more app server on `first`'s database with the first's NEXTAUTH_SECRET (scripts/lib/instance.ts). */
export async function launchInstance(first: Server, name: string, options: { startupTimeoutMs?: number; verbose?: boolean } = {}): Promise<Instance> {
  const instance = await spawnInstance({
    name,
    prefix: "bench",
    databaseUrl: first.databaseUrl,
    secret: readFileSync(path.join(first.dataDir, "nextauth-secret"), "utf8").trim(),
    env: UNLIMITED_RATES,
    onOutput: (text) => {
      if (!options.verbose && !/error|Error/.test(text)) return;
      for (const line of text.split("\n")) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
    },
  });
  // The instance is not the bench's child in any way the OS would clean up: if the bench dies without stopping it,
  // the instance is asked to drain and exit all the same.
  const onBenchExit = () => signalGroup(instance, "SIGTERM");
  process.once("exit", onBenchExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", onBenchExit);
    log(`stopping ${name} (SIGTERM to process group ${instance.child.pid})`);
    if (!(await stopGroup(instance))) log(`${name} did not stop within 20 s; it was killed with SIGKILL`);
    rmSync(instance.dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(instance.url, instance.child, instance.output, options.startupTimeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child: instance.child, base: instance.url, hostId: instance.hostId, output: instance.output, stop };
}
