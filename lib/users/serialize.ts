import type { Company, CompanyMembership, User } from "../db/generated/client";
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

/** The member once they are in the company; for an invitation, only what the caller sent, so nothing about other users leaks. */
export function serializeAddMemberOutcome(outcome: AddMemberOutcome) {
  if (outcome.status === "added") return { ...serializeMember(outcome.membership), status: outcome.status };
  return { ...(outcome.userId ? { userId: outcome.userId } : { email: outcome.email }), role: outcome.role, status: outcome.status };
}

export function serializeMembership(membership: CompanyMembership & { company: Pick<Company, "id" | "name" | "issuePrefix"> }) {
  return { companyId: membership.companyId, companyName: membership.company.name, issuePrefix: membership.company.issuePrefix, role: membership.role };
}
