import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { companyKeys, meKeys } from "./keys";
import type { Company, CreateCompanyBody, UpdateCompanyBody } from "./types";

export function useCompanies(scope: "all" | "accessible" = "all") {
  return useQuery({
    queryKey: companyKeys.list(scope),
    queryFn: ({ signal }) => apiFetch<Company[]>(scope === "accessible" ? "/api/companies?scope=accessible" : "/api/companies", { signal }),
  });
}

export function useCompany(companyId: string) {
  return useQuery({
    queryKey: companyKeys.detail(companyId),
    queryFn: ({ signal }) => apiFetch<Company>(`/api/companies/${encodeURIComponent(companyId)}`, { signal }),
  });
}

export function useCreateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCompanyBody) => apiFetch<Company>("/api/companies", { method: "POST", body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: companyKeys.all });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
    },
  });
}

export function useUpdateCompany(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCompanyBody) => apiFetch<Company>(`/api/companies/${encodeURIComponent(companyId)}`, { method: "PATCH", body }),
    onSuccess: (company) => {
      queryClient.setQueryData(companyKeys.detail(companyId), company);
      void queryClient.invalidateQueries({ queryKey: companyKeys.lists() });
    },
  });
}
