import "server-only";
import { db } from "../db/client";
import { addSystemComment } from "../issues/comments";
import { endFinalizing, keepFinalizing } from "../workspaces/finalizing";
import { HELD_KIND_LABELS } from "./apply";
import { LEASE_SECONDS, leases } from "./leases";
import { settleHeldActions } from "./settle";

const RECOVERY_MS = 5_000;
const INTERRUPTED = "Interrupted: the server doing it stopped";

/**
 * Fails a decision whose applying server stopped (its lease lapsed), with its thread note, in one transaction: maybe
 * applied, maybe not, so it is not risked twice. False when another recoverer, or its own server, got there first.
 */
export async function failInterruptedHold(id: string, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [held] = await tx.$queryRaw<{ issue_id: string; company_id: string; kind: string; run_id: string | null }[]>`
      UPDATE issue_held_actions SET status = 'failed', error = ${reason}, settled_at = now(), lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ${id}::uuid AND status = 'applying' AND (lease_expires_at IS NULL OR lease_expires_at < now())
      RETURNING issue_id, company_id, kind, run_id`;
    if (!held) return false;
    const note = `The held ${HELD_KIND_LABELS[held.kind]} was interrupted: the server applying it stopped. Check the issue and decide again if it did not take effect.`;
    await addSystemComment(tx, { id: held.issue_id, companyId: held.company_id }, note, held.run_id);
    return true;
  });
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
  for (const { id } of lapsed) if (await failInterruptedHold(id, INTERRUPTED)) decisions += 1;
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
