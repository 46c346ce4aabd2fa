import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { meKeys, memberKeys } from "./keys";
import type { AddMemberBody, CompanyRole, Member, Ok } from "./types";

const membersPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/members`;

export function useMembers(companyId: string) {
  return useQuery({ queryKey: memberKeys.list(companyId), queryFn: ({ signal }) => apiFetch<Member[]>(membersPath(companyId), { signal }) });
}

export function useAddMember(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddMemberBody) => apiFetch<Member>(membersPath(companyId), { method: "POST", body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
    },
  });
}

export function useUpdateMemberRole(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: CompanyRole }) =>
      apiFetch<Member>(`${membersPath(companyId)}/${encodeURIComponent(userId)}`, { method: "PATCH", body: { role } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
    },
  });
}

export function useRemoveMember(companyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiFetch<Ok>(`${membersPath(companyId)}/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
    },
  });
}
