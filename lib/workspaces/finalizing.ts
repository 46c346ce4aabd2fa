import "server-only";
import { randomUUID } from "node:crypto";
import { actorColumns, type Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { IssueHeldAction, Prisma } from "../db/generated/client";
import { publishWorkspaceEvent } from "../runtime/operations";
import { hostId } from "../runtime/processes";

/**
 * A workspace is finalizing while provision or close (cleanup, teardown, worktree removal) runs. Work that must see
 * it settled (a dependant's blockers-resolved wake, an acceptance, a stage approval) is held until it clears.
 */
export type FinalizingPhase = "provision" | "close";
export type HeldKind = "wake" | "interaction_accept" | "issue_update";

/** A finalize or an apply outlives a stopped server by at most LEASE_SECONDS: its own server renews it every LEASE_RENEW_MS. */
const LEASE_SECONDS = 20;
const LEASE_RENEW_MS = 5_000;
const RECOVERY_MS = 5_000;
const INTERRUPTED = "Interrupted: the server doing it stopped";

// What this process holds leases on, under its own name: renewals and ends touch only rows still under that name, so
// a server that stalled past its lease and was taken over cannot undo the takeover. Route modules and
// instrumentation may be bundled apart, so this lives on globalThis.
type Leases = { owner: string; workspaces: Set<string>; heldActions: Set<string>; renewal: NodeJS.Timeout | null; recovery: NodeJS.Timeout | null };
const globalForLeases = globalThis as unknown as { switchboardLeases?: Leases };
const leases = (globalForLeases.switchboardLeases ??= {
  owner: `${hostId()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  workspaces: new Set(),
  heldActions: new Set(),
  renewal: null,
  recovery: null,
});

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

function keepLeases(kind: "workspaces" | "heldActions", ids: string[]) {
  for (const id of ids) leases[kind].add(id);
  leases.renewal ??= setInterval(() => void renewLeases().catch((error) => console.error("[switchboard] renewing finalize leases failed", error)), LEASE_RENEW_MS).unref();
}

function dropLeases(kind: "workspaces" | "heldActions", ids: string[]) {
  for (const id of ids) leases[kind].delete(id);
  if (leases.renewal && leases.workspaces.size === 0 && leases.heldActions.size === 0) {
    clearInterval(leases.renewal);
    leases.renewal = null;
  }
}

/** The columns that mark a new workspace finalizing; its lease is then taken with takeFinalizeLease(). */
export const finalizingFields = (phase: FinalizingPhase) => ({ finalizingPhase: phase, finalizingSince: new Date() });

/** Puts the workspace's finalize under this server's lease (in the caller's transaction, if any); keepFinalizing() after commit. */
export async function takeFinalizeLease(client: Tx | typeof db, workspaceId: string) {
  await client.$executeRaw`UPDATE execution_workspaces SET finalizing_lease_owner = ${leases.owner}, finalizing_lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
                            WHERE id = ${workspaceId}::uuid`;
}

/** This server renews the workspace's finalize lease until endFinalizing(). */
export const keepFinalizing = (workspaceId: string) => keepLeases("workspaces", [workspaceId]);

export async function beginFinalizing(workspace: { id: string; companyId: string }, phase: FinalizingPhase) {
  await db.$transaction(async (tx) => {
    await tx.executionWorkspace.update({ where: { id: workspace.id }, data: finalizingFields(phase) });
    await takeFinalizeLease(tx, workspace.id);
  });
  keepFinalizing(workspace.id);
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
}

/**
 * Clears finalizing and lets go of what it held; a failure is handed to each held action so it can surface. Only while
 * the finalize is still this server's: one taken over (this server stalled past its lease) is the new owner's to end.
 */
export async function endFinalizing(workspaceId: string, failure: string | null) {
  let ended: { company_id: string }[] = [];
  try {
    ended = await db.$transaction(async (tx) => {
      // The row update first: it waits for holds that share-locked the row, so the failure below marks theirs too.
      const rows = await tx.$queryRaw<{ company_id: string }[]>`
        UPDATE execution_workspaces
           SET finalizing_phase = NULL, finalizing_since = NULL, finalizing_lease_owner = NULL, finalizing_lease_expires_at = NULL, updated_at = now()
         WHERE id = ${workspaceId}::uuid AND finalizing_lease_owner = ${leases.owner}
        RETURNING company_id`;
      if (rows.length && failure) await tx.$executeRaw`UPDATE issue_held_actions SET error = ${failure} WHERE status = 'waiting' AND ${workspaceId}::uuid = ANY(waiting_for_workspace_ids)`;
      return rows;
    });
  } finally {
    dropLeases("workspaces", [workspaceId]);
  }
  if (ended.length) await publishWorkspaceEvent({ kind: "execution", id: workspaceId, companyId: ended[0].company_id }, "workspace.updated");
  else console.warn(`[switchboard] the finalize of workspace ${workspaceId} was no longer this server's to end`);
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
      ...actorColumns(input.actor),
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
    UPDATE issue_held_actions h SET status = 'applying', lease_owner = ${leases.owner}, lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE h.status = 'waiting'
       AND NOT EXISTS (SELECT 1 FROM execution_workspaces w WHERE w.id = ANY(h.waiting_for_workspace_ids) AND w.finalizing_since IS NOT NULL)
    RETURNING h.id`;
  if (!ready.length) return 0;
  const ids = ready.map((row) => row.id);
  keepLeases("heldActions", ids);
  try {
    const actions = await db.issueHeldAction.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: "asc" } });
    // Loaded here, not at the top: applying reaches into issues and interactions, which reach back into workspaces.
    const { applyHeldAction } = await import("../issues/held-actions");
    for (const action of actions) await applyHeldAction(action as IssueHeldAction);
    return actions.length;
  } finally {
    dropLeases("heldActions", ids);
  }
}

/**
 * Takes over what a stopped server left half done: its lease lapsed, whichever instance notices (at boot, then every
 * few seconds). Each takeover is a conditional UPDATE, so two instances never both recover one thing. Finalizes end as
 * failures; wakes claimed but not delivered go back to waiting; an acceptance or approval that may or may not have
 * been applied is failed rather than risked twice, and its thread says so.
 */
export async function recoverAbandoned() {
  const wakes = await db.$executeRaw`
    UPDATE issue_held_actions SET status = 'waiting', lease_owner = NULL, lease_expires_at = NULL
     WHERE status = 'applying' AND kind = 'wake' AND (lease_expires_at IS NULL OR lease_expires_at < now())`;
  const lapsed = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM issue_held_actions WHERE status = 'applying' AND (lease_expires_at IS NULL OR lease_expires_at < now())`;
  let decisions = 0;
  if (lapsed.length) {
    const { failInterruptedHold } = await import("../issues/held-actions");
    for (const { id } of lapsed) if (await failInterruptedHold(id, INTERRUPTED)) decisions += 1;
  }
  // Locked in id order like holds' FOR SHARE, skipping rows a hold has now: the next pass gets them.
  const abandoned = await db.$queryRaw<{ id: string }[]>`
    WITH lapsed AS (
      SELECT id FROM execution_workspaces
       WHERE finalizing_since IS NOT NULL AND (finalizing_lease_expires_at IS NULL OR finalizing_lease_expires_at < now())
       ORDER BY id FOR UPDATE SKIP LOCKED
    )
    UPDATE execution_workspaces w SET finalizing_lease_owner = ${leases.owner}, finalizing_lease_expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
      FROM lapsed WHERE w.id = lapsed.id RETURNING w.id`;
  for (const { id } of abandoned) {
    keepFinalizing(id);
    await endFinalizing(id, INTERRUPTED);
  }
  await settleHeldActions();
  return { wakes, decisions, finalizes: abandoned.length };
}

/** Recovery and settling every few seconds, on every instance and whatever the scheduler does; one pass at a time. */
export function startRecovery() {
  if (leases.recovery) return;
  let running = false;
  leases.recovery = setInterval(() => {
    if (running) return;
    running = true;
    recoverAbandoned()
      .catch((error) => console.error("[switchboard] recovering or settling held work failed", error))
      .finally(() => (running = false));
  }, RECOVERY_MS).unref();
}
