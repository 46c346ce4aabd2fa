import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import type { Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, type DomainError, Unprocessable } from "../errors";
import { publishEvent } from "../events/publish";
import { lockAgentRuns } from "../heartbeats/runnable";
import type { AGENT_STATUSES } from "../schemas/agents";

export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** Why a status changes; each names its own activity action. */
export type AgentStatusReason = "pause" | "resume" | "terminate" | "budget" | "hire_approved" | "hire_rejected" | "update";

const ACTIONS: Record<AgentStatusReason, string> = {
  pause: "agent.paused",
  resume: "agent.resumed",
  terminate: "agent.terminated",
  budget: "agent.paused_budget",
  hire_approved: "agent.hire_approved",
  hire_rejected: "agent.hire_rejected",
  update: "agent.status_changed",
};

export const AGENT_STATUS_ERRORS = ["agent_terminated", "agent_pending_approval", "invalid_field"] as const satisfies readonly ErrorCode[];

/**
 * The one rule for agent status changes, or null when allowed. Termination is final; a pending hire leaves
 * pending_approval only through its approval decision or a termination; nothing returns an agent to pending_approval.
 */
export function statusChangeRefusal(from: string, next: AgentStatus, reason: AgentStatusReason): DomainError | null {
  if (from === next) return null;
  if (from === "terminated") return new Conflict("The agent is terminated; termination is final", "agent_terminated", { status: from });
  if (from === "pending_approval" && next !== "terminated" && reason !== "hire_approved")
    return new Conflict("The agent's hire awaits a board decision on its approval", "agent_pending_approval", { status: from });
  if (next === "pending_approval") return Unprocessable.field("status", "An agent is pending approval only from its hire until the decision");
  return null;
}

/**
 * A status change asked for by a board user (the lifecycle routes and `PATCH /api/agents/:id` alike): pause and resume
 * need the operator role, termination is final so company owners only; then setAgentStatus.
 */
export async function changeAgentStatus(tx: Tx, actor: Actor, runId: string | null, agent: Agent, next: AgentStatus, reason: AgentStatusReason) {
  requireCompanyAccess(actor, agent.companyId, next === "terminated" ? "admin" : "act");
  return setAgentStatus(tx, actor, runId, agent, next, reason);
}

/**
 * Every change of an agent's status goes through here: the transition rule, the row, the activity entry and a live
 * event, in the caller's transaction. Pausing by hand flags the agent's running run for cancellation, which the
 * executing server notices within a second; its queued runs stay queued, and the claim starts them once it is resumed.
 * Terminating also ends its queued runs, cancels its pending wakes and open hire approvals, and revokes its keys. A
 * budget pause the rule refuses (a terminated or pending agent) changes nothing. Returns the agent as it now is.
 */
export async function setAgentStatus(tx: Tx, actor: Actor | null, runId: string | null, agent: Agent, next: AgentStatus, reason: AgentStatusReason) {
  // Approvals before the agent's lock, as deciding a hire does (lockAgentRuns names the one order); none is open once terminated.
  if (next === "terminated") await cancelOpenHireApprovals(tx, actor, agent);
  // The claim takes this lock before it starts a run, so a run either started before this change (and is flagged
  // below) or is not started at all; the row lock judges two concurrent changes one after the other.
  await lockAgentRuns(tx, agent.id);
  const [current] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM agents WHERE id = ${agent.id}::uuid FOR UPDATE`;
  const from = current?.status ?? agent.status;
  const refusal = statusChangeRefusal(from, next, reason);
  if (refusal && reason !== "budget") throw refusal;
  if (refusal || from === next) return tx.agent.findUniqueOrThrow({ where: { id: agent.id } });
  const updated = await tx.agent.update({ where: { id: agent.id }, data: { status: next } });
  const now = new Date();
  if (next === "terminated") {
    // A queued run has no process to stop, so it ends here, with the wakes that are cancelled just below.
    await tx.heartbeatRun.updateMany({
      where: { agentId: agent.id, status: "queued" },
      data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now },
    });
    await tx.agentWakeupRequest.updateMany({ where: { agentId: agent.id, status: "pending" }, data: { status: "cancelled" } });
    await tx.agentApiKey.updateMany({ where: { agentId: agent.id, revokedAt: null }, data: { revokedAt: now } });
  }
  if (next === "terminated" || (next === "paused" && reason !== "budget")) {
    const going = await tx.heartbeatRun.findMany({ where: { agentId: agent.id, status: "running", cancelRequestedAt: null }, select: { id: true } });
    await tx.heartbeatRun.updateMany({ where: { id: { in: going.map((run) => run.id) } }, data: { cancelRequestedAt: now } });
    for (const run of going)
      await recordActivity(tx, actor, runId, {
        companyId: agent.companyId,
        action: "heartbeat_run.cancel_requested",
        entityType: "agent",
        entityId: agent.id,
        details: { runId: run.id },
      });
  }
  await recordActivity(tx, actor, runId, {
    companyId: agent.companyId,
    action: ACTIONS[reason],
    entityType: "agent",
    entityId: agent.id,
    details: {
      from,
      to: next,
      ...(reason === "budget" ? { spentMonthlyCents: updated.spentMonthlyCents, budgetMonthlyCents: updated.budgetMonthlyCents } : {}),
    },
  });
  await publishEvent(tx, { companyId: agent.companyId, type: "agent.status_changed", entityType: "agent", entityId: agent.id });
  return updated;
}

/**
 * A pending hire that is terminated instead of decided: its open hire approvals are cancelled, so nobody approves an
 * agent that no longer exists for work. The update re-checks each row's status, so a decision that commits first stands.
 */
async function cancelOpenHireApprovals(tx: Tx, actor: Actor | null, agent: Pick<Agent, "id" | "companyId">) {
  const cancelled = await tx.$queryRaw<{ id: string }[]>`
    UPDATE approvals SET status = 'cancelled', updated_at = now()
     WHERE company_id = ${agent.companyId}::uuid AND type = 'hire_agent' AND status IN ('pending', 'revision_requested')
       AND payload ->> 'agentId' = ${agent.id}
    RETURNING id`;
  for (const { id } of cancelled) {
    await recordActivity(tx, actor, null, {
      companyId: agent.companyId,
      action: "approval.cancelled",
      entityType: "approval",
      entityId: id,
      details: { type: "hire_agent", status: "cancelled", agentId: agent.id },
    });
    await publishEvent(tx, { companyId: agent.companyId, type: "approval.cancelled", entityType: "approval", entityId: id });
  }
}
