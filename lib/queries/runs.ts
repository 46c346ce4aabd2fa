import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { companyCosts, serializeRun } from "@/lib/heartbeats/runs-api";
import { apiFetch } from "./client";
import type { Issue } from "./types";

export type Run = ReturnType<typeof serializeRun>;
export type Costs = Awaited<ReturnType<typeof companyCosts>>;

export const runKeys = {
  all: ["runs"] as const,
  list: (companyId: string, filter: { agentId?: string; issueId?: string }) => [...runKeys.all, "list", companyId, filter] as const,
  detail: (runId: string) => [...runKeys.all, "detail", runId] as const,
  log: (runId: string) => [...runKeys.all, "log", runId] as const,
  issues: (runId: string) => [...runKeys.all, "issues", runId] as const,
  costs: (companyId: string) => [...runKeys.all, "costs", companyId] as const,
};

export function useRuns(companyId: string, filter: { agentId?: string; issueId?: string }) {
  const search = new URLSearchParams(Object.entries(filter).filter(([, value]) => value) as [string, string][]);
  search.set("limit", "20");
  return useQuery({
    queryKey: runKeys.list(companyId, filter),
    queryFn: ({ signal }) => apiFetch<Run[]>(`/api/companies/${encodeURIComponent(companyId)}/heartbeat-runs?${search}`, { signal }),
  });
}

/** A run, refreshed every second while it is going. */
export function useRun(runId: string) {
  return useQuery({
    queryKey: runKeys.detail(runId),
    queryFn: ({ signal }) => apiFetch<Run>(`/api/heartbeat-runs/${encodeURIComponent(runId)}`, { signal }),
    refetchInterval: (query) => (query.state.data && ["running", "queued"].includes(query.state.data.status) ? 1_000 : false),
  });
}

export function useRunLog(runId: string, live: boolean) {
  return useQuery({
    queryKey: runKeys.log(runId),
    queryFn: ({ signal }) => apiFetch<{ log: string; status: string }>(`/api/heartbeat-runs/${encodeURIComponent(runId)}/log`, { signal }),
    refetchInterval: live ? 1_000 : false,
  });
}

export function useRunIssues(runId: string) {
  return useQuery({
    queryKey: runKeys.issues(runId),
    queryFn: ({ signal }) => apiFetch<Issue[]>(`/api/heartbeat-runs/${encodeURIComponent(runId)}/issues`, { signal }),
  });
}

/** Cancels a queued or running run; every run query (lists, the run, its log, costs) is refreshed. */
export function useCancelRun(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<Run>(`/api/heartbeat-runs/${encodeURIComponent(runId)}/cancel`, { method: "POST" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}

export function useCosts(companyId: string) {
  return useQuery({
    queryKey: runKeys.costs(companyId),
    queryFn: ({ signal }) => apiFetch<Costs>(`/api/companies/${encodeURIComponent(companyId)}/costs`, { signal }),
  });
}
