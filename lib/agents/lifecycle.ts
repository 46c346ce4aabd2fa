import "server-only";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import type { ErrorCode } from "../error-codes";
import { DomainError } from "../errors";
import { cancelRun } from "../heartbeats/runs-api";
import { GET_AGENT_ERRORS, getAgent } from "./agents";
import { cancelOpenHireApprovals } from "./hiring";
import { AGENT_STATUS_ERRORS, setAgentStatus, type AgentStatus, type AgentStatusReason } from "./status";

export const AGENT_LIFECYCLE_ERRORS = [...GET_AGENT_ERRORS, ...COMPANY_ACCESS_ERRORS, ...AGENT_STATUS_ERRORS] as const satisfies readonly ErrorCode[];

/** Statuses of an agent free to work; resuming one of them changes nothing. */
const WORKING = new Set(["idle", "active", "running"]);

/** Board operators stop an agent: no run starts, its queued wakes wait, and a run going is cancelled. */
export function pauseAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  return changeAgentStatus(actor, agentRef, companyId, () => "paused", "pause", "act");
}

/** Back to idle, so the scheduler delivers the wakes that waited; allowed while still over budget, as the board's call. */
export function resumeAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  return changeAgentStatus(actor, agentRef, companyId, (status) => (WORKING.has(status) ? (status as AgentStatus) : "idle"), "resume", "act");
}

/** Final, so company owners only: keys revoked, pending wakes cancelled, a run going cancelled, an open hire cancelled. */
export function terminateAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  return changeAgentStatus(actor, agentRef, companyId, () => "terminated", "terminate", "admin");
}

async function changeAgentStatus(
  actor: Actor,
  agentRef: string,
  companyId: string | null | undefined,
  nextFor: (status: string) => AgentStatus,
  reason: AgentStatusReason,
  access: "act" | "admin",
) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireCompanyAccess(actor, agent.companyId, access);
  const next = nextFor(agent.status);
  const updated = await db.$transaction(async (tx) => {
    const changed = await setAgentStatus(tx, actor, null, agent, next, reason);
    if (next === "terminated") await cancelOpenHireApprovals(tx, actor, agent);
    return changed;
  });
  if (next === "paused" || next === "terminated") await cancelRunsOf(actor, agent.id);
  return updated;
}

/**
 * setAgentStatus flagged the agent's runs, which any executing server notices within a second; cancelling them through
 * the run's own verb stops one executing here at once and records who cancelled it.
 */
async function cancelRunsOf(actor: Actor, agentId: string) {
  const runs = await db.heartbeatRun.findMany({ where: { agentId, status: { in: ["queued", "running"] } }, select: { id: true } });
  for (const run of runs) {
    await cancelRun(actor, run.id).catch((error: unknown) => {
      // The run may finish between the lookup and the cancel; that is the outcome wanted anyway.
      if (!(error instanceof DomainError && error.code === "run_not_active")) throw error;
    });
  }
}
