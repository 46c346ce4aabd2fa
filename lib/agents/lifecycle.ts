import "server-only";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS } from "../auth/permissions";
import { db } from "../db/client";
import type { ErrorCode } from "../error-codes";
import { GET_AGENT_ERRORS, getAgent } from "./agents";
import { AGENT_STATUS_ERRORS, changeAgentStatus, type AgentStatus, type AgentStatusReason } from "./status";

export const AGENT_LIFECYCLE_ERRORS = [...GET_AGENT_ERRORS, ...COMPANY_ACCESS_ERRORS, ...AGENT_STATUS_ERRORS] as const satisfies readonly ErrorCode[];

/** Statuses of an agent free to work; resuming one of them changes nothing. */
const WORKING = new Set(["idle", "active", "running"]);

/** Board operators stop an agent: no run starts, its queued wakes and runs wait, and a run going is cancelled. */
export function pauseAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  return lifecycleChange(actor, agentRef, companyId, () => "paused", "pause");
}

/** Back to idle, so the scheduler delivers the wakes that waited; allowed while still over budget, as the board's call. */
export function resumeAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  return lifecycleChange(actor, agentRef, companyId, (status) => (WORKING.has(status) ? (status as AgentStatus) : "idle"), "resume");
}

/** Final, so company owners only: keys revoked, pending wakes cancelled, a run going cancelled, an open hire cancelled. */
export function terminateAgent(actor: Actor, agentRef: string, companyId?: string | null) {
  return lifecycleChange(actor, agentRef, companyId, () => "terminated", "terminate");
}

async function lifecycleChange(
  actor: Actor,
  agentRef: string,
  companyId: string | null | undefined,
  nextFor: (status: string) => AgentStatus,
  reason: AgentStatusReason,
) {
  const agent = await getAgent(actor, agentRef, companyId);
  return db.$transaction((tx) => changeAgentStatus(tx, actor, null, agent, nextFor(agent.status), reason));
}
