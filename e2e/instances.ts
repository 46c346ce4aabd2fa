// More app instances on the launcher's database, for the specs that prove several instances work together
// (scripts/lib/instance.ts starts them), each with its own port, DATA_DIR and SWITCHBOARD_HOST_ID and the launcher's
// NEXTAUTH_SECRET, as a deployment must.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { hasExited, spawnInstance, stopGroup, type ServerInstance } from "../scripts/lib/instance";
import { waitForHealth } from "../scripts/lib/remote-server";
import { STRICT_ERROR_CODES_ENV } from "../tests/support/undeclared-codes";
import { launcherDatabaseUrl } from "./support";

export type Instance = ServerInstance;

/** The launcher's session secret: sessions signed by one instance must be read by every other. */
export function launcherSecret(): string {
  return process.env.NEXTAUTH_SECRET || readFileSync(path.join(process.env.E2E_DATA_DIR!, "nextauth-secret"), "utf8").trim();
}

/**
 * Starts one more instance and waits until it answers /api/health. `env` adds to or overrides its environment; given
 * SWITCHBOARD_HOST_ID and DATA_DIR, it comes back as an instance that stopped (the same host, adopting its services).
 * With `waitForHealth: false` it returns at once, for a spec that expects the instance to refuse to start.
 */
export async function startInstance(name: string, env: Record<string, string> = {}, { waitForHealth: waits = true } = {}): Promise<Instance> {
  const instance = await spawnInstance({
    name,
    prefix: "e2e",
    databaseUrl: launcherDatabaseUrl(),
    secret: launcherSecret(),
    // Like the launcher's server (playwright.config.ts): codes an operation answers with but does not declare are recorded.
    env: { ...STRICT_ERROR_CODES_ENV, ...env },
  });
  if (!waits) return instance;
  try {
    await waitForHealth(instance.url, instance.child, instance.output, 120_000);
  } catch (error) {
    await stopInstance(instance);
    throw error;
  }
  return instance;
}

/** Stops the whole process group and waits until the server has really exited (SIGKILL if it will not drain). */
export async function stopInstance(instance: Instance) {
  await stopGroup(instance);
  expect(hasExited(instance), "the instance exited").toBe(true);
}

/** kill -9 of the server process alone, as a crashed machine would leave it: nothing gets to clean up. */
export async function killInstance(instance: Instance) {
  if (hasExited(instance)) return;
  instance.child.kill("SIGKILL");
  await instance.exited;
}
