import type { Agent, AgentApiKey } from "../db/generated/client";

/** Who an agent is and whether it works: what the org chart shows of each agent, and the head of `serializeAgent`. */
export function serializeAgentSummary(agent: Agent) {
  return { id: agent.id, name: agent.name, urlKey: agent.urlKey, role: agent.role, title: agent.title, icon: agent.icon, status: agent.status };
}

/** How an agent was set up: its manager, what it can do, how it runs and its budget; a hire's approval repeats it. */
export function serializeAgentSetup(agent: Agent) {
  return {
    reportsTo: agent.reportsTo,
    capabilities: agent.capabilities,
    adapterType: agent.adapterType,
    adapterConfig: agent.adapterConfig,
    runtimeConfig: agent.runtimeConfig,
    budgetMonthlyCents: agent.budgetMonthlyCents,
  };
}

export function serializeAgent(agent: Agent) {
  const permissions = (agent.permissions ?? {}) as { canCreateAgents?: boolean; canCreateIssues?: boolean; canAssignTasks?: boolean };
  return {
    ...serializeAgentSummary(agent),
    companyId: agent.companyId,
    ...serializeAgentSetup(agent),
    defaultEnvironmentId: agent.defaultEnvironmentId,
    spentMonthlyCents: agent.spentMonthlyCents,
    pauseReason: null,
    pausedAt: null,
    permissions: {
      canCreateAgents: permissions.canCreateAgents ?? false,
      canCreateIssues: permissions.canCreateIssues ?? true,
      canAssignTasks: permissions.canAssignTasks ?? false,
    },
    lastHeartbeatAt: agent.lastHeartbeatAt?.toISOString() ?? null,
    metadata: agent.metadata,
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}

export function serializeAgentWithChain(agent: Agent, chain: Pick<Agent, "id" | "name" | "role" | "title">[]) {
  return { ...serializeAgent(agent), chainOfCommand: chain.map(({ id, name, role, title }) => ({ id, name, role, title })) };
}

export function serializeAgentKey(key: AgentApiKey) {
  return {
    id: key.id,
    name: key.name,
    keyPrefix: key.keyPrefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** The only response that ever carries the plaintext token. */
export function serializeCreatedAgentKey(key: AgentApiKey, token: string) {
  return { id: key.id, name: key.name, token, keyPrefix: key.keyPrefix, createdAt: key.createdAt.toISOString() };
}
