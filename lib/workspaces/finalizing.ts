import "server-only";
import { db, type Tx } from "../db/client";
import { dropLeases, keepLeases, LEASE_SECONDS, leases } from "../held-actions/leases";
import { settleHeldActions } from "../held-actions/settle";
import { publishWorkspaceEvent } from "../runtime/operations";

/**
 * A workspace is finalizing while provision or close (cleanup, teardown, worktree removal) runs. Work that must see it
 * settled is held until it clears (lib/held-actions).
 */
export type FinalizingPhase = "provision" | "close";

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
  let ended: { company_id: string }[];
  try {
    ended = await db.$transaction(async (tx) => {
      // The row update first: it waits for holds that share-locked the row, so the failure below marks theirs too.
      const rows = await tx.$queryRaw<{ company_id: string }[]>`
        UPDATE execution_workspaces
           SET finalizing_phase = NULL, finalizing_since = NULL, finalizing_lease_owner = NULL, finalizing_lease_expires_at = NULL, updated_at = now()
         WHERE id = ${workspaceId}::uuid AND finalizing_lease_owner = ${leases.owner}
        RETURNING company_id`;
      if (rows.length && failure)
        await tx.$executeRaw`UPDATE issue_held_actions SET error = ${failure} WHERE status = 'waiting' AND ${workspaceId}::uuid = ANY(waiting_for_workspace_ids)`;
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
