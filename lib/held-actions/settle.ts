import "server-only";
import { db } from "../db/client";
import { applyHeldAction } from "./apply";
import { dropLeases, keepLeases, LEASE_SECONDS, leases } from "./leases";

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
    for (const action of actions) await applyHeldAction(action);
    return actions.length;
  } finally {
    dropLeases("heldActions", ids);
  }
}
