import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { memberKeys, userKeys } from "./keys";
import type { BoardUser, CreateUserBody, FirstAdminBody, UpdateUserBody } from "./types";

export function useUsers(options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: userKeys.list(), queryFn: ({ signal }) => apiFetch<BoardUser[]>("/api/users", { signal }), enabled: options.enabled ?? true });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => apiFetch<BoardUser>("/api/users", { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...body }: UpdateUserBody & { userId: string }) =>
      apiFetch<BoardUser>(`/api/users/${encodeURIComponent(userId)}`, { method: "PATCH", body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      // Member lists show each user's disabled flag.
      void queryClient.invalidateQueries({ queryKey: memberKeys.all });
    },
  });
}

/** The one-time first-admin form on the login page; public, works only while the instance has no users. */
export function useCreateFirstAdmin() {
  return useMutation({ mutationFn: (body: FirstAdminBody) => apiFetch<BoardUser>("/api/setup", { method: "POST", body }) });
}
