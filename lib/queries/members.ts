import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { meKeys, memberKeys } from "./keys";
import type { AddMemberBody, CompanyRole, Member, Ok } from "./types";

const membersPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/members`;
const invitationsPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/invitations`;

export function useMembers(companyId: string) {
  return useQuery({ queryKey: memberKeys.list(companyId), queryFn: ({ signal }) => apiFetch<Member[]>(membersPath(companyId), { signal }) });
}

/** An invitation not yet accepted, naming the invitee as the inviter did. */
export type PendingInvitation = { id: string; email?: string; userId?: string; role: CompanyRole; invitedAt: string; expiresAt: string };

/** Owners only: the server refuses everyone else, so only render its user for callers who may add members. */
export function useInvitations(companyId: string) {
  return useQuery({
    queryKey: memberKeys.invitations(companyId),
    queryFn: ({ signal }) => apiFetch<PendingInvitation[]>(invitationsPath(companyId), { signal }),
  });
}

/**
 * A change to a company's members; it refreshes the member list, the pending invitations and `me`, since the caller's
 * own access may have changed.
 */
function useMembershipChange<TVariables, TResult>(companyId: string, mutationFn: (variables: TVariables) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.list(companyId) });
      void queryClient.invalidateQueries({ queryKey: memberKeys.invitations(companyId) });
      void queryClient.invalidateQueries({ queryKey: meKeys.all });
    },
  });
}

/** An owner who is not an instance admin gets an invitation for anyone not yet in the company (the server says which). */
export type AddMemberResult = (Member & { status?: "added" }) | { status: "invited"; email?: string; userId?: string; role: CompanyRole };

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

export function useCancelInvitation(companyId: string) {
  return useMembershipChange(companyId, (invitationId: string) =>
    apiFetch<Ok>(`${invitationsPath(companyId)}/${encodeURIComponent(invitationId)}`, { method: "DELETE" }),
  );
}
