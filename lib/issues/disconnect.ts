import "server-only";
import { db } from "../db/client";
import { releaseMarks } from "../marks/marks";
import { workflowFor } from "../workflow/workflows";
import { transitionIssue } from "./transition";

export type DisconnectScope = { runId: string; agentId: string } | { agentId: string };

/**
 * Run ended / lease lapsed ({runId}) or agent paused/terminated ({agentId}): moves each issue the agent still holds in
 * progress (for {runId}: checked out by that run) to its workflow's disconnect_state when the workflow names one, then
 * releases the scope's marks. Each issue moves in its own transaction, after the caller's commit; a failure is logged
 * and the rest go on, since the scheduler and the lifecycle routes calling this must not fail on it.
 */
export async function disconnectAgentWork(scope: DisconnectScope, reason: string): Promise<{ issueIds: string[]; marksReleased: number }> {
  const issueIds: string[] = [];
  let marksReleased = 0;
  const held = await db.issue
    .findMany({ where: heldWhere(scope), select: { id: true, companyId: true, projectId: true } })
    .catch((error: unknown) => (console.error("[switchboard] could not read the work of a disconnected agent", error), []));
  for (const candidate of held) {
    try {
      if (await disconnectIssue(candidate.id, scope, reason)) issueIds.push(candidate.id);
    } catch (error) {
      console.error(`[switchboard] could not move issue ${candidate.id} to its disconnect state`, error);
    }
  }
  try {
    marksReleased = await db.$transaction((tx) => releaseMarks(tx, "runId" in scope ? { runId: scope.runId } : { agentId: scope.agentId }, reason));
  } catch (error) {
    console.error("[switchboard] could not release the marks of a disconnected agent", error);
  }
  return { issueIds, marksReleased };
}

/** Issues in progress that the scope's agent (and, for a run, that run) holds. */
function heldWhere(scope: DisconnectScope) {
  return {
    status: "in_progress",
    assigneeAgentId: scope.agentId,
    ...("runId" in scope ? { OR: [{ checkoutRunId: scope.runId }, { executionRunId: scope.runId }] } : {}),
  };
}

/**
 * One issue, under its row lock: still held as the scope says (a checkout by another run in between wins and is left
 * alone), and its workflow names a disconnect_state. The system moves it, with no assignee and no locks.
 */
async function disconnectIssue(issueId: string, scope: DisconnectScope, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM issues WHERE id = ${issueId}::uuid FOR UPDATE`;
    // Read again under the lock by the same condition that found it.
    const issue = await tx.issue.findFirst({ where: { id: issueId, ...heldWhere(scope) } });
    if (!issue) return false;
    const workflow = await workflowFor({ companyId: issue.companyId, projectId: issue.projectId }, tx);
    if (!workflow.disconnectState) return false;
    await transitionIssue(tx, null, null, issue, {
      via: "disconnect",
      state: workflow.disconnectState,
      assignee: { agentId: null, userId: null },
      activity: (moved) => ({
        action: "issue.disconnected",
        details: {
          identifier: issue.identifier,
          agentId: scope.agentId,
          runId: "runId" in scope ? scope.runId : null,
          reason,
          fromState: issue.workflowState,
          toState: moved.workflowState,
        },
      }),
      event: "issue.updated",
    });
    return true;
  });
}
