import "server-only";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { IssueHeldAction, Prisma } from "../db/generated/client";
import { publishWorkspaceEvent } from "../runtime/operations";

/**
 * A workspace is finalizing while provision or close (cleanup, teardown, worktree removal) runs. Work that must see
 * it settled (a dependant's blockers-resolved wake, an acceptance, a stage approval) is held until it clears.
 */
export type FinalizingPhase = "provision" | "close";
export type HeldKind = "wake" | "interaction_accept" | "issue_update";

/** A finalize or an apply outlives a stopped server by at most LEASE_MS: its own server renews it every LEASE_RENEW_MS. */
const LEASE_MS = 20_000;
const LEASE_RENEW_MS = 5_000;
const leaseUntil = () => new Date(Date.now() + LEASE_MS);
const INTERRUPTED = "Interrupted: the server doing it stopped";

// What this process is finalizing or applying. Route modules and instrumentation may be bundled apart, so the
// set and its one renewal timer live on globalThis.
type Leases = { workspaces: Set<string>; heldActions: Set<string>; timer: NodeJS.Timeout | null };
const globalForLeases = globalThis as unknown as { switchboardLeases?: Leases };
const leases = (globalForLeases.switchboardLeases ??= { workspaces: new Set(), heldActions: new Set(), timer: null });

async function renewLeases() {
  const until = leaseUntil();
  const workspaceIds = [...leases.workspaces];
  const heldIds = [...leases.heldActions];
  // A row at a time: one multi-row UPDATE could lock two workspaces in the other order from a hold's FOR SHARE.
  for (const id of workspaceIds) await db.$executeRaw`UPDATE execution_workspaces SET finalizing_lease_expires_at = ${until} WHERE id = ${id}::uuid AND finalizing_since IS NOT NULL`;
  if (heldIds.length) await db.$executeRaw`UPDATE issue_held_actions SET lease_expires_at = ${until} WHERE id = ANY(${heldIds}::uuid[]) AND status = 'applying'`;
}

function keepLeases(kind: "workspaces" | "heldActions", ids: string[]) {
  for (const id of ids) leases[kind].add(id);
  leases.timer ??= setInterval(() => void renewLeases().catch((error) => console.error("[switchboard] renewing finalize leases failed", error)), LEASE_RENEW_MS).unref();
}

function dropLease(kind: "workspaces" | "heldActions", id: string) {
  leases[kind].delete(id);
  if (leases.timer && leases.workspaces.size === 0 && leases.heldActions.size === 0) {
    clearInterval(leases.timer);
    leases.timer = null;
  }
}

/** The columns that mark a workspace finalizing under this server's lease; the caller then calls keepFinalizing(). */
export const finalizingFields = (phase: FinalizingPhase) => ({ finalizingPhase: phase, finalizingSince: new Date(), finalizingLeaseExpiresAt: leaseUntil() });

/** This server renews the workspace's finalize lease until endFinalizing(). */
export const keepFinalizing = (workspaceId: string) => keepLeases("workspaces", [workspaceId]);

export async function beginFinalizing(workspace: { id: string; companyId: string }, phase: FinalizingPhase) {
  await db.executionWorkspace.update({ where: { id: workspace.id }, data: finalizingFields(phase) });
  keepFinalizing(workspace.id);
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
}

/** Clears finalizing and lets go of what it held; a failure is handed to each held action so it can surface. */
export async function endFinalizing(workspaceId: string, failure: string | null) {
  let workspace;
  try {
    workspace = await db.$transaction(async (tx) => {
      // The row update first: it waits for holds that share-locked the row, so the failure below marks theirs too.
      const updated = await tx.executionWorkspace.update({ where: { id: workspaceId }, data: { finalizingPhase: null, finalizingSince: null, finalizingLeaseExpiresAt: null } });
      if (failure) await tx.$executeRaw`UPDATE issue_held_actions SET error = ${failure} WHERE status = 'waiting' AND ${workspaceId}::uuid = ANY(waiting_for_workspace_ids)`;
      return updated;
    });
  } finally {
    dropLease("workspaces", workspaceId);
  }
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
  // What was held is the held work's business: its failures must not fail the provision or close that settled.
  await settleHeldActions().catch((error) => console.error("[switchboard] settling held actions failed", error));
}

/**
 * Of `workspaceIds`, the ones finalizing now. Their rows are share-locked for the rest of the transaction, so a
 * finalize can't end (and settle) between this check and the commit of a held action: nothing is held for ever.
 */
export async function finalizingAmong(tx: Tx, workspaceIds: (string | null | undefined)[]) {
  const ids = [...new Set(workspaceIds.filter((id): id is string => typeof id === "string"))];
  if (!ids.length) return [];
  return tx.$queryRaw<{ id: string; name: string; finalizing_phase: string }[]>`
    SELECT id, name, finalizing_phase FROM execution_workspaces WHERE id = ANY(${ids}::uuid[]) AND finalizing_since IS NOT NULL ORDER BY id FOR SHARE`;
}

export async function holdAction(
  tx: Tx,
  input: { issue: { id: string; companyId: string }; kind: HeldKind; workspaceIds: string[]; payload: Prisma.InputJsonObject; actor: Actor | null; runId: string | null },
) {
  return tx.issueHeldAction.create({
    data: {
      companyId: input.issue.companyId,
      issueId: input.issue.id,
      kind: input.kind,
      waitingForWorkspaceIds: input.workspaceIds,
      payload: input.payload,
      actorType: input.actor === null ? "system" : input.actor.type === "agent" ? "agent" : "user",
      actorId: input.actor === null ? null : input.actor.type === "agent" ? input.actor.agentId : input.actor.userId,
      runId: input.runId,
    },
  });
}

/**
 * Applies every held action whose workspaces have all settled. The claim is one conditional UPDATE, so each is
 * applied exactly once however many finalizes end (or sweeps run) at the same moment.
 */
export async function settleHeldActions() {
  const ready = await db.$queryRaw<{ id: string }[]>`
    UPDATE issue_held_actions h SET status = 'applying', lease_expires_at = ${leaseUntil()}
     WHERE h.status = 'waiting'
       AND NOT EXISTS (SELECT 1 FROM execution_workspaces w WHERE w.id = ANY(h.waiting_for_workspace_ids) AND w.finalizing_since IS NOT NULL)
    RETURNING h.id`;
  if (!ready.length) return 0;
  keepLeases("heldActions", ready.map((row) => row.id));
  const actions = await db.issueHeldAction.findMany({ where: { id: { in: ready.map((row) => row.id) } }, orderBy: { createdAt: "asc" } });
  // Loaded here, not at the top: applying reaches into issues and interactions, which reach back into workspaces.
  const { applyHeldAction } = await import("../issues/held-actions");
  for (const action of actions) {
    try {
      await applyHeldAction(action as IssueHeldAction);
    } finally {
      dropLease("heldActions", action.id);
    }
  }
  return actions.length;
}

/**
 * Takes over what a stopped server left half done: its lease lapsed, whichever instance notices (at boot, then every
 * few seconds from the scheduler loop). Each takeover is a conditional UPDATE, so two instances never both recover one
 * thing. Finalizes end as failures; wakes claimed but not delivered go back to waiting (a repeat wake is harmless); an
 * acceptance or approval that may or may not have been applied is failed rather than risked twice, and its thread says so.
 */
export async function recoverAbandoned() {
  await db.$executeRaw`
    UPDATE issue_held_actions SET status = 'waiting', lease_expires_at = NULL
     WHERE status = 'applying' AND kind = 'wake' AND (lease_expires_at IS NULL OR lease_expires_at < now())`;
  const interrupted = await db.$queryRaw<{ id: string }[]>`
    UPDATE issue_held_actions SET status = 'failed', error = ${INTERRUPTED}, settled_at = now(), lease_expires_at = NULL
     WHERE status = 'applying' AND (lease_expires_at IS NULL OR lease_expires_at < now()) RETURNING id`;
  if (interrupted.length) {
    const { noteInterruptedHold } = await import("../issues/held-actions");
    for (const held of await db.issueHeldAction.findMany({ where: { id: { in: interrupted.map((row) => row.id) } } })) await noteInterruptedHold(held as IssueHeldAction);
  }
  // Locked in id order like holds' FOR SHARE, skipping rows a hold has now: the next pass gets them.
  const abandoned = await db.$queryRaw<{ id: string }[]>`
    WITH lapsed AS (
      SELECT id FROM execution_workspaces
       WHERE finalizing_since IS NOT NULL AND (finalizing_lease_expires_at IS NULL OR finalizing_lease_expires_at < now())
       ORDER BY id FOR UPDATE SKIP LOCKED
    )
    UPDATE execution_workspaces w SET finalizing_lease_expires_at = ${leaseUntil()} FROM lapsed WHERE w.id = lapsed.id RETURNING w.id`;
  for (const { id } of abandoned) {
    keepFinalizing(id);
    await endFinalizing(id, INTERRUPTED);
  }
  await settleHeldActions();
}
