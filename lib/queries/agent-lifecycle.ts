import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApprovals } from "./approvals";
import { apiFetch } from "./client";
import { agentKeys, wakeupKeys } from "./keys";
import type { Agent } from "./types";

export type LifecycleAction = "pause" | "resume" | "terminate";

/** Pause, resume or terminate an agent; the agent, the lists, the org chart and its wakeups all refetch. */
export function useAgentLifecycle(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: LifecycleAction) => apiFetch<Agent>(`/api/agents/${encodeURIComponent(agentId)}/${action}`, { method: "POST" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: agentKeys.all });
      void queryClient.invalidateQueries({ queryKey: wakeupKeys.list(agentId) });
    },
  });
}

const OPEN_STATUSES = "pending,revision_requested";

/** The open hire_agent approval that names the agent, if any: where the board decides a pending hire. */
export function usePendingHireApproval(companyId: string, agentId: string, enabled: boolean) {
  const approvals = useApprovals(companyId, OPEN_STATUSES, enabled);
  const approval = (approvals.data ?? []).find(
    (candidate) => candidate.type === "hire_agent" && (candidate.payload as { agentId?: unknown } | null)?.agentId === agentId,
  );
  return { approval: approval ?? null, isPending: enabled && approvals.isPending };
}
