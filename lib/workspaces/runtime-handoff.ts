import "server-only";
import { db } from "../db/client";
import type { WorkspaceOperation } from "../db/generated/client";
import { claimHandedOffOperation, HANDOFF_CHANNEL } from "../runtime/handoff";
import { listenForHost, onHostIdLost } from "../runtime/host-presence";
import { finishOperation, type WorkspaceRef } from "../runtime/operations";
import { hostId } from "../runtime/processes";
import { actionOfPhase, findService, performServiceAction, releaseSupervisor, type ServiceLaunch } from "../runtime/supervisor";
import { handedOffServiceLaunch } from "./control";

// The pass runs this often even when no notification arrives (one sent while the LISTEN connection was down is lost).
const PASS_INTERVAL_MS = 1_000;

const globalForHandoff = globalThis as unknown as {
  switchboardHandoff?: { timer: NodeJS.Timeout | null; pass: Promise<void> | null; again: boolean; inFlight: Set<Promise<void>> };
};
const state = (globalForHandoff.switchboardHandoff ??= { timer: null, pass: null, again: false, inFlight: new Set() });

const refOf = (operation: WorkspaceOperation): WorkspaceRef =>
  operation.executionWorkspaceId
    ? { kind: "execution", id: operation.executionWorkspaceId, companyId: operation.companyId }
    : { kind: "project", id: operation.projectWorkspaceId!, companyId: operation.companyId };

/**
 * What a handed-over action runs. A stop needs only the service row (nothing is launched, so no config or environment
 * is resolved); a start or restart runs the command the asker saw, re-checked here (lib/workspaces/control.ts).
 */
async function launchFor(ref: WorkspaceRef, operation: WorkspaceOperation, stop: boolean): Promise<{ launch: ServiceLaunch } | { refusal: string }> {
  const commandId = operation.workspaceCommandId!;
  if (!stop) return handedOffServiceLaunch(ref, commandId, operation.command);
  const service = await findService(ref, commandId);
  const command = { id: commandId, name: service?.serviceName ?? commandId, kind: "service" as const, command: service?.command ?? operation.command ?? "" };
  return { launch: { ref, workspaceCwd: service?.cwd ?? operation.cwd ?? "/", env: {}, command } };
}

/** Runs one handed-over action through the same path as a local one, finishing the row the asking instance opened. */
async function runHandedOff(operation: WorkspaceOperation) {
  const ref = refOf(operation);
  try {
    const action = actionOfPhase(operation.phase);
    const resolved = action && operation.workspaceCommandId ? await launchFor(ref, operation, action === "stop") : { refusal: "Not a service action" };
    if ("refusal" in resolved) {
      await finishOperation(ref, operation.id, { status: "failed", error: resolved.refusal, stderrExcerpt: resolved.refusal });
      return;
    }
    await performServiceAction(action!, resolved.launch, operation, await findService(ref, resolved.launch.command.id));
  } catch (error) {
    // performServiceAction finished the row itself; this covers a workspace that vanished before it began.
    await db.workspaceOperation.updateMany({
      where: { id: operation.id, status: "running" },
      data: { status: "failed", error: (error as Error).message, finishedAt: new Date() },
    });
    console.error("[switchboard] handed-over runtime action failed:", error);
  }
}

/**
 * Takes every action queued for this instance and starts each (they run side by side: a restart waiting on readiness
 * must not hold up a stop; one command never has two, by the pending-action index). Resolves once all have finished.
 */
export async function takeHandedOffActions(): Promise<void> {
  await claimAll();
  await Promise.all([...state.inFlight]);
}

/** One pass at a time; a wake-up during a pass makes another pass follow it. */
function pass() {
  if (state.pass) {
    state.again = true;
    return;
  }
  state.pass = (async () => {
    do {
      state.again = false;
      await claimAll();
    } while (state.again);
  })()
    .catch((error) => console.error("[switchboard] runtime handoff pass failed:", error))
    .finally(() => (state.pass = null));
}

/** Claims without waiting for the actions to finish, so the next pass can take new ones meanwhile. */
async function claimAll() {
  for (let operation = await claimHandedOffOperation(); operation; operation = await claimHandedOffOperation()) {
    const running = runHandedOff(operation).finally(() => state.inFlight.delete(running));
    state.inFlight.add(running);
  }
}

function stopRuntimeHandoff() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/**
 * Every instance runs this once it holds its host id (lib/runtime/host-presence.ts): actions other instances hand to
 * it are taken on their notify (LISTENed on the presence connection, which reconnects by itself) and every second. An
 * instance that loses its host id to another stops taking them and stops supervising.
 */
export async function startRuntimeHandoff() {
  if (state.timer) return;
  state.timer = setInterval(pass, PASS_INTERVAL_MS);
  state.timer.unref();
  onHostIdLost(() => {
    stopRuntimeHandoff();
    releaseSupervisor();
  });
  await listenForHost(HANDOFF_CHANNEL, (payload) => {
    if (payload === hostId() && state.timer) pass();
  }).catch((error) => console.error("[switchboard] runtime handoff LISTEN failed (the pass still runs every second):", error));
  pass();
}
