import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { hostId } from "../runtime/processes";

/** A finalize or an apply outlives a stopped server by at most LEASE_SECONDS: its own server renews it every LEASE_RENEW_MS. */
export const LEASE_SECONDS = 20;
const LEASE_RENEW_MS = 5_000;

// What this process holds leases on, under its own name: renewals and ends touch only rows still under that name, so
// a server that stalled past its lease and was taken over cannot undo the takeover. Route modules and
// instrumentation may be bundled apart, so this lives on globalThis.
type Leases = { owner: string; workspaces: Set<string>; heldActions: Set<string>; renewal: NodeJS.Timeout | null; recovery: NodeJS.Timeout | null };
const globalForLeases = globalThis as unknown as { switchboardLeases?: Leases };
export const leases = (globalForLeases.switchboardLeases ??= {
  owner: `${hostId()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  workspaces: new Set(),
  heldActions: new Set(),
  renewal: null,
  recovery: null,
});

export type LeaseKind = "workspaces" | "heldActions";

async function renewLeases() {
  // Lease times are the database's, so app hosts' clocks never matter. A row at a time: one multi-row UPDATE could
  // lock two workspaces in the other order from a hold's FOR SHARE.
  for (const id of [...leases.workspaces]) {
    await db.$executeRaw`UPDATE execution_workspaces SET finalizing_lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
                          WHERE id = ${id}::uuid AND finalizing_lease_owner = ${leases.owner}`;
  }
  const heldIds = [...leases.heldActions];
  if (heldIds.length) {
    await db.$executeRaw`UPDATE issue_held_actions SET lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
                          WHERE id = ANY(${heldIds}::uuid[]) AND status = 'applying' AND lease_owner = ${leases.owner}`;
  }
}

export function keepLeases(kind: LeaseKind, ids: string[]) {
  for (const id of ids) leases[kind].add(id);
  leases.renewal ??= setInterval(
    () => void renewLeases().catch((error) => console.error("[switchboard] renewing finalize leases failed", error)),
    LEASE_RENEW_MS,
  ).unref();
}

export function dropLeases(kind: LeaseKind, ids: string[]) {
  for (const id of ids) leases[kind].delete(id);
  if (leases.renewal && leases.workspaces.size === 0 && leases.heldActions.size === 0) {
    clearInterval(leases.renewal);
    leases.renewal = null;
  }
}
