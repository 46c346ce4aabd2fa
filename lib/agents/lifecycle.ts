import "server-only";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS } from "../auth/permissions";
import { db } from "../db/client";
import type { Agent } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { disconnectAgentWork } from "../issues/disconnect";
import type { UpdateAgentInput } from "../schemas/agents";
import { GET_AGENT_ERRORS, getAgent, updateAgent } from "./agents";
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
  const changed = await db.$transaction((tx) => changeAgentStatus(tx, actor, null, agent, nextFor(agent.status), reason));
  await disconnectIfGone(changed);
  return changed;
}

/** PATCH /api/agents/:id: updateAgent, then what a status set there to paused or terminated sets in motion, as pausing does. */
export async function editAgent(actor: Actor, runId: string | null, agentRef: string, input: UpdateAgentInput, companyId?: string | null) {
  const updated = await updateAgent(actor, runId, agentRef, input, companyId);
  if (input.status !== undefined) await disconnectIfGone(updated);
  return updated;
}

/**
 * After a status change has committed: a paused or terminated agent is gone from its work, so what it holds in progress
 * moves to its workflow's disconnect_state and its marks are released, in transactions of their own. Each pause
 * disconnects {agentId} after its own commit: the board's here (pause, terminate, PATCH status), a budget pause from
 * log_metrics in lib/costs/ledger.ts, and one from a run's cost in executeRun (lib/heartbeats/scheduler.ts).
 */
async function disconnectIfGone(agent: Pick<Agent, "id" | "status">) {
  if (agent.status === "paused" || agent.status === "terminated") await disconnectAgentWork({ agentId: agent.id }, `agent ${agent.status}`);
}
