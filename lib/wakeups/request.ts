import "server-only";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { AgentWakeupRequest, Prisma } from "../db/generated/client";
import { GET_AGENT_ERRORS, getAgent } from "../agents/agents";
import type { ErrorCode } from "../error-codes";
import { Forbidden } from "../errors";

export type WakeReason =
  | "issue_assigned"
  | "issue_commented"
  | "issue_comment_mentioned"
  | "issue_blockers_resolved"
  | "issue_children_completed"
  | "approval_approved"
  | "approval_rejected"
  | "approval_revision_requested"
  | "approval_commented"
  | "execution_review_requested"
  | "execution_approval_requested"
  | "execution_changes_requested"
  | "execution_completed"
  | "manual"
  | "heartbeat_timer"
  | "heartbeat_invoke"
  | "workspace_conflict_resolved";

export type WakeupInput = {
  companyId: string;
  agentId: string;
  reason: WakeReason;
  issueId?: string | null;
  commentId?: string | null;
  payload?: Prisma.InputJsonObject;
  /** The queued run the wake joins (heartbeat/invoke); otherwise the scheduler attaches it when it claims. */
  heartbeatRunId?: string;
};

/**
 * Records that an agent should wake, in the caller's transaction so the wake exists exactly when the change does.
 * An agent is never woken as a side effect of its own action; `selfRequested` is for an agent asking to be woken.
 * Delivery is the heartbeat scheduler's job.
 */
export const isOwnAction = (actor: Actor | null, agentId: string) => actor?.type === "agent" && actor.agentId === agentId;

export async function requestWakeup(tx: Tx, actor: Actor | null, runId: string | null, input: WakeupInput, options: { selfRequested?: boolean } = {}) {
  if (isOwnAction(actor, input.agentId) && !options.selfRequested) return null;
  return tx.agentWakeupRequest.create({
    data: {
      companyId: input.companyId,
      agentId: input.agentId,
      reason: input.reason,
      issueId: input.issueId ?? null,
      commentId: input.commentId ?? null,
      payload: input.payload ?? {},
      requestedByType: actor === null ? "system" : actor.type === "agent" ? "agent" : "user",
      requestedById: actor === null ? "system" : actor.type === "agent" ? actor.agentId : actor.userId,
      runId,
      heartbeatRunId: input.heartbeatRunId ?? null,
    },
  });
}

export const LIST_AGENT_WAKEUPS_ERRORS = [...GET_AGENT_ERRORS, "agent_permission_required"] as const satisfies readonly ErrorCode[];

/** Newest first. Board members of the agent's company, or the agent itself. */
export async function listAgentWakeups(actor: Actor, agentRef: string, options: { status?: string; limit?: number }) {
  const agent = await getAgent(actor, agentRef);
  if (actor.type === "agent" && actor.agentId !== agent.id) throw new Forbidden("Agents may only read their own wakeups", "agent_permission_required");
  return db.agentWakeupRequest.findMany({
    where: { agentId: agent.id, companyId: agent.companyId, ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 100,
  });
}

export function serializeWakeup(wakeup: AgentWakeupRequest) {
  return {
    id: wakeup.id,
    companyId: wakeup.companyId,
    agentId: wakeup.agentId,
    reason: wakeup.reason,
    issueId: wakeup.issueId,
    commentId: wakeup.commentId,
    payload: wakeup.payload,
    status: wakeup.status,
    requestedByType: wakeup.requestedByType,
    requestedById: wakeup.requestedById,
    runId: wakeup.runId,
    createdAt: wakeup.createdAt.toISOString(),
    claimedAt: wakeup.claimedAt?.toISOString() ?? null,
  };
}
