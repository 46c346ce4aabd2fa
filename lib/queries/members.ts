import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { meKeys, memberKeys } from "./keys";
import type { AddMemberBody, CompanyRole, Member, Ok } from "./types";

const membersPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/members`;

export function useMembers(companyId: string) {
  return useQuery({ queryKey: memberKeys.list(companyId), queryFn: ({ signal }) => apiFetch<Member[]>(membersPath(companyId), { signal }) });
}

/** A change to a company's members; it refreshes the member list and `me`, since the caller's own access may have changed. */
function useMembershipChange<TVariables, TResult>(companyId: string, mutationFn: (variables: TVariables) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
    },
  });
}

/** An owner who is not an instance admin gets an invitation for anyone not yet in the company (the server says which). */
export type AddMemberResult = (Member & { status?: "added" }) | { status: "invited"; email: string | null; userId: string | null; role: CompanyRole };

export function useAddMember(companyId: string) {
  return useMembershipChange(companyId, (body: AddMemberBody) => apiFetch<AddMemberResult>(membersPath(companyId), { method: "POST", body }));
}

export function useUpdateMemberRole(companyId: string) {
  return useMembershipChange(companyId, ({ userId, role }: { userId: string; role: CompanyRole }) =>
    apiFetch<Member>(`${membersPath(companyId)}/${encodeURIComponent(userId)}`, { method: "PATCH", body: { role } }),
  );
}

export function useRemoveMember(companyId: string) {
  return useMembershipChange(companyId, (userId: string) => apiFetch<Ok>(`${membersPath(companyId)}/${encodeURIComponent(userId)}`, { method: "DELETE" }));
}
