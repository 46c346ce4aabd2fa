import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { goalKeys, projectKeys } from "./keys";
import type { CreateGoalBody, Goal, Ok, UpdateGoalBody } from "./types";

const goalPath = (goalId: string) => `/api/goals/${encodeURIComponent(goalId)}`;

export function useGoals(companyId: string) {
  return useQuery({
    queryKey: goalKeys.list(companyId),
    queryFn: ({ signal }) => apiFetch<Goal[]>(`/api/companies/${encodeURIComponent(companyId)}/goals`, { signal }),
  });
}

export function useGoal(goalId: string) {
  return useQuery({ queryKey: goalKeys.detail(goalId), queryFn: ({ signal }) => apiFetch<Goal>(goalPath(goalId), { signal }) });
}

export function useCreateGoal(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGoalBody) => apiFetch<Goal>(`/api/companies/${encodeURIComponent(companyId)}/goals`, { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: goalKeys.list(companyId) }),
  });
}

export function useUpdateGoal(goalId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGoalBody) => apiFetch<Goal>(goalPath(goalId), { method: "PATCH", body }),
    onSuccess: (goal) => {
      queryClient.setQueryData(goalKeys.detail(goalId), goal);
      void queryClient.invalidateQueries({ queryKey: goalKeys.list(goal.companyId) });
      // Projects show their goals' titles.
      void queryClient.invalidateQueries({ queryKey: projectKeys.list(goal.companyId) });
    },
  });
}

export function useDeleteGoal(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (goalId: string) => apiFetch<Ok>(goalPath(goalId), { method: "DELETE" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: goalKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: projectKeys.list(companyId) });
    },
  });
}
