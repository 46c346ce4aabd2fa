import type { Company, CompanyInvitation, CompanyMembership, User } from "../db/generated/client";
import { inviteeOf } from "./invitations";
import type { AddMemberOutcome } from "./members";

export function serializeUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isInstanceAdmin: user.isInstanceAdmin,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function serializeMember(membership: CompanyMembership & { user: User }) {
  return {
    userId: membership.userId,
    companyId: membership.companyId,
    name: membership.user.name,
    email: membership.user.email,
    role: membership.role,
    disabled: membership.user.disabledAt !== null,
    createdAt: membership.createdAt.toISOString(),
  };
}

/**
 * 201 with the member once they are in the company; 202 for an invitation, naming only what the caller sent, so nothing
 * about other users leaks.
 */
export function addMemberResponse(outcome: AddMemberOutcome): Response {
  if (outcome.status === "added") return Response.json({ ...serializeMember(outcome.membership), status: outcome.status }, { status: 201 });
  return Response.json({ ...outcome.invitee, role: outcome.role, status: outcome.status }, { status: 202 });
}

/** A pending invitation as its inviter named it (email or user id), never enriched with what a lookup would find. */
export function serializeInvitation(invitation: CompanyInvitation) {
  return {
    id: invitation.id,
    ...inviteeOf(invitation),
    role: invitation.role,
    invitedAt: invitation.updatedAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

export function serializeMembership(membership: CompanyMembership & { company: Pick<Company, "id" | "name" | "issuePrefix"> }) {
  return { companyId: membership.companyId, companyName: membership.company.name, issuePrefix: membership.company.issuePrefix, role: membership.role };
}
