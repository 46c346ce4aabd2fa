import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { companyRecords } from "./company-records";
import { goalKeys, projectKeys } from "./keys";
import type { CreateGoalBody, Goal, Ok, UpdateGoalBody } from "./types";

const goals = companyRecords<Goal, CreateGoalBody>("goals", goalKeys);
const goalPath = goals.path;

export const { useList: useGoals, useOne: useGoal, useCreate: useCreateGoal } = goals;

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
