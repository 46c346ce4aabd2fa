import type { Company, CompanyMembership, User } from "../db/generated/client";

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

export function serializeMembership(membership: CompanyMembership & { company: Pick<Company, "id" | "name" | "issuePrefix"> }) {
  return { companyId: membership.companyId, companyName: membership.company.name, issuePrefix: membership.company.issuePrefix, role: membership.role };
}
