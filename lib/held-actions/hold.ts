import "server-only";
import { actorColumns, type Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";

/**
 * Work that must see a finalizing workspace settled (a dependant's blockers-resolved wake, an acceptance, a stage
 * approval) is held until it clears.
 */
export type HeldKind = "wake" | "interaction_accept" | "issue_update";

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

type HoldInput = {
  issue: { id: string; companyId: string };
  kind: HeldKind;
  workspaceIds: string[];
  payload: Prisma.InputJsonObject;
  actor: Actor | null;
  runId: string | null;
};

export async function holdAction(tx: Tx, input: HoldInput) {
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
 * Holds a decision (an acceptance or a stage approval) while `workspaceId` finalizes; null when it does not, and the
 * caller goes ahead. A repeat of a decision that already waits is the same hold, not a second one (a second approval
 * could pass the next stage).
 */
export async function holdWhileFinalizing(
  tx: Tx,
  input: Omit<HoldInput, "workspaceIds"> & { workspaceId: string | null; sameAs: Prisma.IssueHeldActionWhereInput },
) {
  const finalizing = await finalizingAmong(tx, [input.workspaceId]);
  if (!finalizing.length) return null;
  const waiting = await tx.issueHeldAction.findFirst({ where: { issueId: input.issue.id, kind: input.kind, status: "waiting", ...input.sameAs } });
  return waiting ?? holdAction(tx, { ...input, workspaceIds: finalizing.map((workspace) => workspace.id) });
}
