import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { serializeSavedView } from "@/lib/saved-views/serialize";
import { apiFetch } from "./client";
import type { Ok } from "./types";

export type SavedView = ReturnType<typeof serializeSavedView>;
/** `query` is the issues page's URL search string without "?", e.g. "status=todo,in_progress&sort=updated". */
export type SavedViewBody = { name: string; query: string };

export const savedViewKeys = {
  all: ["saved-views"] as const,
  list: (companyId: string) => [...savedViewKeys.all, "list", companyId] as const,
};

const listPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/saved-views`;
const viewPath = (viewId: string) => `/api/saved-views/${encodeURIComponent(viewId)}`;

/** The signed-in user's own views in the company, in name order. */
export function useSavedViews(companyId: string) {
  return useQuery({
    queryKey: savedViewKeys.list(companyId),
    queryFn: ({ signal }) => apiFetch<SavedView[]>(listPath(companyId), { signal }),
    enabled: Boolean(companyId),
  });
}

export function useCreateSavedView(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SavedViewBody) => apiFetch<SavedView>(listPath(companyId), { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: savedViewKeys.list(companyId) }),
  });
}

/** Rename a view or replace its query. */
export function useUpdateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ viewId, ...body }: Partial<SavedViewBody> & { viewId: string }) => apiFetch<SavedView>(viewPath(viewId), { method: "PATCH", body }),
    onSuccess: (view) => void queryClient.invalidateQueries({ queryKey: savedViewKeys.list(view.companyId) }),
  });
}

export function useDeleteSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ viewId }: { viewId: string; companyId: string }) => apiFetch<Ok>(viewPath(viewId), { method: "DELETE" }),
    onSuccess: (_ok, { companyId }) => void queryClient.invalidateQueries({ queryKey: savedViewKeys.list(companyId) }),
  });
}
