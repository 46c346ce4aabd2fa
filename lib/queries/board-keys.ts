import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { boardKeyKeys } from "./keys";
import type { BoardApiKey, CreateBoardKeyBody, CreatedBoardKey, Ok } from "./types";

export function useBoardKeys(includeInactive = false) {
  return useQuery({
    queryKey: boardKeyKeys.list(includeInactive),
    queryFn: ({ signal }) => apiFetch<BoardApiKey[]>(`/api/board-api-keys${includeInactive ? "?includeInactive=true" : ""}`, { signal }),
  });
}

export function useCreateBoardKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBoardKeyBody) => apiFetch<CreatedBoardKey>("/api/board-api-keys", { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: boardKeyKeys.all }),
  });
}

export function useRevokeBoardKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => apiFetch<Ok>(`/api/board-api-keys/${encodeURIComponent(keyId)}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: boardKeyKeys.all }),
  });
}
