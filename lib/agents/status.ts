import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, type DomainError, Unprocessable } from "../errors";
import { publishEvent } from "../events/publish";
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
 * Every change of an agent's status goes through here: the transition rule, the row, the activity entry and a live
 * event, in the caller's transaction. Pausing (by hand) and terminating also flag the agent's running runs for
 * cancellation, which the executing server notices within a second; termination cancels the agent's pending wakes and
 * revokes its keys too. Returns the agent as it now is; setting the status it already has changes nothing.
 */
export async function setAgentStatus(tx: Tx, actor: Actor | null, runId: string | null, agent: Agent, next: AgentStatus, reason: AgentStatusReason) {
  // Read under a row lock, so two concurrent changes are judged one after the other against the real current status.
  const [current] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM agents WHERE id = ${agent.id}::uuid FOR UPDATE`;
  const from = current?.status ?? agent.status;
  const refusal = statusChangeRefusal(from, next, reason);
  if (refusal) throw refusal;
  if (from === next) return tx.agent.findUniqueOrThrow({ where: { id: agent.id } });
  const updated = await tx.agent.update({ where: { id: agent.id }, data: { status: next } });
  const now = new Date();
  if (next === "terminated" || (next === "paused" && reason !== "budget")) {
    // A queued run has no process to stop, so it ends here; the wakes it held stay pending for the agent's next run.
    await tx.heartbeatRun.updateMany({
      where: { agentId: agent.id, invocationSource: "scheduler", status: "queued" },
      data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now },
    });
    await tx.heartbeatRun.updateMany({
      where: { agentId: agent.id, status: { in: ["queued", "running"] }, cancelRequestedAt: null },
      data: { cancelRequestedAt: now },
    });
  }
  if (next === "terminated") {
    await tx.agentWakeupRequest.updateMany({ where: { agentId: agent.id, status: "pending" }, data: { status: "cancelled" } });
    await tx.agentApiKey.updateMany({ where: { agentId: agent.id, revokedAt: null }, data: { revokedAt: now } });
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
