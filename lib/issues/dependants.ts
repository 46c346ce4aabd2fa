import "server-only";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Issue, Prisma } from "../db/generated/client";
import { finalizingAmong, holdAction } from "../held-actions/hold";
import { isOwnAction, requestWakeup, type WakeupInput } from "../wakeups/request";
import { stillBlocking, unresolvedBlockersSql } from "./blockers";

/**
 * When the issue has just stopped blocking (it blocked as it was, and blocks no more as written), dependants left with
 * no unresolved blocker wake their assignee with issue_blockers_resolved — judged by the one blocker rule, in SQL. While
 * a blocker's workspace is still finalizing the wake is held and delivered once it settles, so nobody reads a
 * half-written checkout. A workflow save that changes blocking_states calls it too (recomputeBlocking).
 */
export async function wakeReadyDependants(
  tx: Tx,
  actor: Actor | null,
  runId: string | null,
  before: Pick<Issue, "status" | "blocking">,
  resolved: Pick<Issue, "id">,
) {
  // An issue that did not block before released nobody.
  if (!stillBlocking(before)) return;
  const ready = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT d.id FROM issue_relations dr JOIN issues d ON d.id = dr.issue_id
      WHERE dr.blocked_by_issue_id = $1::uuid AND d.assignee_agent_id IS NOT NULL AND NOT EXISTS (${unresolvedBlockersSql("d.id")})`,
    resolved.id,
  );
  if (!ready.length) return;
  const dependants = await tx.issue.findMany({
    where: { id: { in: ready.map((row) => row.id) } },
    select: {
      id: true,
      identifier: true,
      companyId: true,
      assigneeAgentId: true,
      blockedBy: { select: { blockedBy: { select: { executionWorkspaceId: true } } } },
    },
  });
  for (const dependant of dependants) {
    // An agent finishing its own blocker is not woken by it, held or not.
    if (isOwnAction(actor, dependant.assigneeAgentId!)) continue;
    const wake: WakeupInput = {
      companyId: dependant.companyId,
      agentId: dependant.assigneeAgentId!,
      reason: "issue_blockers_resolved",
      issueId: dependant.id,
      payload: { issueId: dependant.id, identifier: dependant.identifier, resolvedBlockerId: resolved.id },
    };
    const finalizing = await finalizingAmong(
      tx,
      dependant.blockedBy.map((relation) => relation.blockedBy.executionWorkspaceId),
    );
    if (finalizing.length)
      await holdAction(tx, {
        issue: dependant,
        kind: "wake",
        workspaceIds: finalizing.map((workspace) => workspace.id),
        payload: wake as Prisma.InputJsonObject,
        actor,
        runId,
      });
    else await requestWakeup(tx, actor, runId, wake);
  }
}
