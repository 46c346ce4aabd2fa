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

export async function beginFinalizing(workspace: { id: string; companyId: string }, phase: FinalizingPhase) {
  await db.executionWorkspace.update({ where: { id: workspace.id }, data: { finalizingPhase: phase, finalizingSince: new Date() } });
  await publishWorkspaceEvent({ kind: "execution", id: workspace.id, companyId: workspace.companyId }, "workspace.updated");
}

/** Clears finalizing and lets go of what it held; a failure is handed to each held action so it can surface. */
export async function endFinalizing(workspaceId: string, failure: string | null) {
  const workspace = await db.$transaction(async (tx) => {
    // The row update first: it waits for holds that share-locked the row, so the failure below marks theirs too.
    const updated = await tx.executionWorkspace.update({ where: { id: workspaceId }, data: { finalizingPhase: null, finalizingSince: null } });
    if (failure) await tx.$executeRaw`UPDATE issue_held_actions SET error = ${failure} WHERE status = 'waiting' AND ${workspaceId}::uuid = ANY(waiting_for_workspace_ids)`;
    return updated;
  });
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
    UPDATE issue_held_actions h SET status = 'applying'
     WHERE h.status = 'waiting'
       AND NOT EXISTS (SELECT 1 FROM execution_workspaces w WHERE w.id = ANY(h.waiting_for_workspace_ids) AND w.finalizing_since IS NOT NULL)
    RETURNING h.id`;
  if (!ready.length) return 0;
  const actions = await db.issueHeldAction.findMany({ where: { id: { in: ready.map((row) => row.id) } }, orderBy: { createdAt: "asc" } });
  // Loaded here, not at the top: applying reaches into issues and interactions, which reach back into workspaces.
  const { applyHeldAction } = await import("../issues/held-actions");
  for (const action of actions) await applyHeldAction(action as IssueHeldAction);
  return actions.length;
}

/**
 * After a restart: finalizes whose server died (no operation of theirs still running) end as failures. Wakes claimed
 * but not delivered go back to waiting (a repeat wake is harmless); an acceptance or approval that may or may not have
 * been applied is failed rather than risked twice, and its thread says so.
 */
export async function recoverFinalizing() {
  const stuck = await db.$queryRaw<{ id: string }[]>`
    SELECT w.id FROM execution_workspaces w
     WHERE w.finalizing_since IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM workspace_operations o WHERE o.execution_workspace_id = w.id AND o.status = 'running')`;
  await db.$executeRaw`UPDATE issue_held_actions SET status = 'waiting' WHERE status = 'applying' AND kind = 'wake'`;
  const interrupted = await db.issueHeldAction.findMany({ where: { status: "applying" } });
  const { failInterruptedHold } = await import("../issues/held-actions");
  for (const held of interrupted) await failInterruptedHold(held);
  for (const { id } of stuck) await endFinalizing(id, "Interrupted by a server restart");
  await settleHeldActions();
}
