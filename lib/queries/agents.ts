import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { companyRecords } from "./company-records";
import { agentKeys, wakeupKeys } from "./keys";
import type { Agent, AgentApiKey, AgentDetail, CreateAgentBody, CreateAgentKeyBody, CreatedAgentKey, Ok, UpdateAgentBody, Wakeup } from "./types";

const agents = companyRecords<Agent, CreateAgentBody, AgentDetail>("agents", agentKeys);
const agentPath = agents.path;

export const { useList: useAgents, useOne: useAgent, useCreate: useCreateAgent } = agents;

export function useUpdateAgent(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAgentBody) => apiFetch<Agent>(agentPath(agentId), { method: "PATCH", body }),
    onSuccess: (agent) => {
      void queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentId) });
      void queryClient.invalidateQueries({ queryKey: agentKeys.list(agent.companyId) });
    },
  });
}

export function useAgentKeys(agentId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: agentKeys.apiKeys(agentId),
    queryFn: ({ signal }) => apiFetch<AgentApiKey[]>(`${agentPath(agentId)}/keys`, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useCreateAgentKey(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAgentKeyBody) => apiFetch<CreatedAgentKey>(`${agentPath(agentId)}/keys`, { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: agentKeys.apiKeys(agentId) }),
  });
}

export function useRevokeAgentKey(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => apiFetch<Ok>(`${agentPath(agentId)}/keys/${encodeURIComponent(keyId)}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: agentKeys.apiKeys(agentId) }),
  });
}

/** The agent's wakeup requests, newest first. */
export function useAgentWakeups(agentId: string) {
  return useQuery({ queryKey: wakeupKeys.list(agentId), queryFn: ({ signal }) => apiFetch<Wakeup[]>(`${agentPath(agentId)}/wakeups`, { signal }) });
}
