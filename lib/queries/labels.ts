import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { serializeLabel, serializeLabelWithCount } from "@/lib/issues/labels";
import { apiFetch } from "./client";
import { issueKeys } from "./keys";
import type { Ok } from "./types";

export type Label = ReturnType<typeof serializeLabel>;
/** A label as the company's list shows it: with how many issues carry it. */
export type LabelWithCount = ReturnType<typeof serializeLabelWithCount>;
export type LabelBody = { name: string; color: string };

export const labelKeys = {
  all: ["labels"] as const,
  list: (companyId: string) => [...labelKeys.all, "list", companyId] as const,
};

const listPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/labels`;
const labelPath = (labelId: string) => `/api/labels/${encodeURIComponent(labelId)}`;

/** The company's labels in name order; each one's issue count included. */
export function useLabels(companyId: string) {
  return useQuery({
    queryKey: labelKeys.list(companyId),
    queryFn: ({ signal }) => apiFetch<LabelWithCount[]>(listPath(companyId), { signal }),
    enabled: Boolean(companyId),
  });
}

export function useCreateLabel(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LabelBody) => apiFetch<Label>(listPath(companyId), { method: "POST", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: labelKeys.list(companyId) }),
  });
}

/** Rename or recolour; lists and issue pages show labels by id, so only the label list refetches. */
export function useUpdateLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ labelId, ...body }: Partial<LabelBody> & { labelId: string }) => apiFetch<Label>(labelPath(labelId), { method: "PATCH", body }),
    onSuccess: (label) => void queryClient.invalidateQueries({ queryKey: labelKeys.list(label.companyId) }),
  });
}

/** Deleting a label takes it off every issue, so issue lists and pages refetch too. */
export function useDeleteLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ labelId }: { labelId: string; companyId: string }) => apiFetch<Ok>(labelPath(labelId), { method: "DELETE" }),
    onSuccess: (_ok, { companyId }) => {
      void queryClient.invalidateQueries({ queryKey: labelKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: issueKeys.all });
    },
  });
}
