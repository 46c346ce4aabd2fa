// One more app server on an existing database, started the way the launcher starts its own (the bundled
// `.next/switchboard-server.mjs`, which a launch writes) with its own port, DATA_DIR and SWITCHBOARD_HOST_ID and the
// shared NEXTAUTH_SECRET, as a deployment of several instances must be (README "Running several instances"). Used by
// the e2e specs that prove instances work together and by the bench's `instances` phase.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../lib/net";
import { root } from "./build";

export type ServerInstance = {
  child: ChildProcess;
  url: string;
  hostId: string;
  dataDir: string;
  output: () => string;
  exited: Promise<void>;
};

export type InstanceOptions = {
  /** Names its host id and data dir: `<prefix>-<name>-<port>`. */
  name: string;
  prefix: string;
  databaseUrl: string;
  secret: string;
  /** Adds to or overrides its environment; SWITCHBOARD_HOST_ID and DATA_DIR given here are used as they are. */
  env?: Record<string, string>;
  onOutput?: (text: string) => void;
};

export async function spawnInstance(options: InstanceOptions): Promise<ServerInstance> {
  const env = options.env ?? {};
  const port = await findFreePort();
  const hostId = env.SWITCHBOARD_HOST_ID ?? `${options.prefix}-${options.name}-${port}`;
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), `switchboard-${options.prefix}-${options.name}-`));
  let output = "";
  const child = spawn(process.execPath, [path.join(root, ".next", "switchboard-server.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_SECRET: options.secret,
      NEXTAUTH_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      SWITCHBOARD_HOST_ID: hostId,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    // Its own process group, so stopping or killing it reaches every process it started, and only those.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 400_000) output = output.slice(-200_000);
    options.onOutput?.(text);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, url: `http://127.0.0.1:${port}`, hostId, dataDir, output: () => output, exited };
}

export const hasExited = (instance: ServerInstance) => instance.child.exitCode !== null || instance.child.signalCode !== null;

export function signalGroup(instance: ServerInstance, signal: NodeJS.Signals) {
  try {
    process.kill(-instance.child.pid!, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to the whole process group and waits until the server has drained and exited; SIGKILL to the group after
 * `graceMs`. Answers whether it drained by itself.
 */
export async function stopGroup(instance: ServerInstance, graceMs = 20_000): Promise<boolean> {
  if (hasExited(instance)) {
    // After a kill -9 of the server alone the rest of its group may live on; nothing it started may outlive it.
    signalGroup(instance, "SIGKILL");
    return true;
  }
  signalGroup(instance, "SIGTERM");
  const drained = await Promise.race([instance.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs))]);
  if (!drained) {
    signalGroup(instance, "SIGKILL");
    await instance.exited;
  }
  return drained;
}
