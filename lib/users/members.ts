import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor, BoardActor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { CompanyMembership, User } from "../db/generated/client";
import { Conflict, NotFound, Unprocessable } from "../errors";
import type { AddMemberInput } from "../schemas/users";
import { invite, type Invitee } from "./invitations";

const withUser = { user: true } as const;

export async function listMembers(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  return db.companyMembership.findMany({ where: { companyId }, include: withUser, orderBy: { createdAt: "asc" } });
}

export type AddMemberOutcome = { status: "added"; membership: CompanyMembership & { user: User } } | { status: "invited"; invitee: Invitee; role: string };

/**
 * Instance admins, who can list every user anyway, add at once (an unknown user is 422). A company owner changes the
 * role of someone already in the company; anyone else — an existing user or not — gets an invitation that becomes a
 * membership when that user signs in. Asked by id or by email, for a user who exists or not, the same steps run and
 * the answer and activity entry carry only what was asked, so owners cannot probe for users.
 */
export async function addMember(actor: BoardActor, runId: string | null, companyId: string, input: AddMemberInput): Promise<AddMemberOutcome> {
  requireCompanyAccess(actor, companyId, "admin");
  const user = await db.user.findFirst({
    where: input.userId ? { id: input.userId } : { email: input.email },
    include: { memberships: { where: { companyId }, select: { id: true } } },
  });
  if (actor.isInstanceAdmin || user?.memberships.length) {
    if (!user) throw Unprocessable.field(input.userId ? "userId" : "email", "No board user with that id or email; create the user first", "unknown_user");
    return { status: "added", membership: await putMembership(actor, runId, companyId, user.id, input.role) };
  }
  const invitee: Invitee = input.userId ? { userId: input.userId } : { email: input.email ?? "" };
  await invite(actor, runId, companyId, invitee, input.role);
  return { status: "invited", invitee, role: input.role };
}

/** Adds the user, or changes the role of one already in the company under the same rules as `updateMemberRole`. */
async function putMembership(actor: BoardActor, runId: string | null, companyId: string, userId: string, role: string) {
  return db.$transaction(async (tx) => {
    const existing = await tx.companyMembership.findUnique({ where: { companyId_userId: { companyId, userId } } });
    if (existing) return changeRole(tx, actor, runId, existing, role);
    // A concurrent add may have created it meanwhile; that one stands rather than this request failing.
    const membership = await tx.companyMembership.upsert({
      where: { companyId_userId: { companyId, userId } },
      create: { companyId, userId, role },
      update: {},
      include: withUser,
    });
    await recordActivity(tx, actor, runId, { companyId, action: "member.added", entityType: "user", entityId: userId, details: { role } });
    return membership;
  });
}

export async function updateMemberRole(actor: Actor, runId: string | null, companyId: string, userId: string, role: string) {
  requireCompanyAccess(actor, companyId, "admin");
  return db.$transaction(async (tx) => {
    const membership = await tx.companyMembership.findUnique({ where: { companyId_userId: { companyId, userId } } });
    if (!membership) throw new NotFound("Member");
    return changeRole(tx, actor, runId, membership, role);
  });
}

/** The one place a member's role changes: the last owner cannot be demoted. */
async function changeRole(tx: Tx, actor: Actor, runId: string | null, membership: CompanyMembership, role: string) {
  const { companyId, userId } = membership;
  if (membership.role === "owner" && role !== "owner") await requireAnotherOwner(tx, companyId, userId);
  const updated = await tx.companyMembership.update({ where: { id: membership.id }, data: { role }, include: withUser });
  await recordActivity(tx, actor, runId, {
    companyId,
    action: "member.role_changed",
    entityType: "user",
    entityId: userId,
    details: { from: membership.role, to: role },
  });
  return updated;
}

export async function removeMember(actor: Actor, runId: string | null, companyId: string, userId: string) {
  requireCompanyAccess(actor, companyId, "admin");
  await db.$transaction(async (tx) => {
    const membership = await tx.companyMembership.findUnique({ where: { companyId_userId: { companyId, userId } } });
    if (!membership) throw new NotFound("Member");
    if (membership.role === "owner") await requireAnotherOwner(tx, companyId, userId);
    await tx.companyMembership.delete({ where: { id: membership.id } });
    await recordActivity(tx, actor, runId, { companyId, action: "member.removed", entityType: "user", entityId: userId, details: { role: membership.role } });
  });
  return { ok: true as const };
}

async function requireAnotherOwner(tx: Tx, companyId: string, userId: string) {
  const owners = await tx.companyMembership.count({ where: { companyId, role: "owner", NOT: { userId } } });
  if (owners === 0) throw new Conflict("A company needs at least one owner", "last_owner");
}
