import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { Conflict, NotFound, Unprocessable } from "../errors";
import type { AddMemberInput } from "../schemas/users";

const withUser = { user: true } as const;

export async function listMembers(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  return db.companyMembership.findMany({ where: { companyId }, include: withUser, orderBy: { createdAt: "asc" } });
}

export async function addMember(actor: Actor, runId: string | null, companyId: string, input: AddMemberInput) {
  requireCompanyAccess(actor, companyId, "admin");
  const user = await db.user.findFirst({ where: input.userId ? { id: input.userId } : { email: input.email } });
  if (!user) throw Unprocessable.field(input.userId ? "userId" : "email", "No board user with that id or email; create the user first", "unknown_user");
  return db.$transaction(async (tx) => {
    const membership = await tx.companyMembership.upsert({
      where: { companyId_userId: { companyId, userId: user.id } },
      create: { companyId, userId: user.id, role: input.role },
      update: { role: input.role },
      include: withUser,
    });
    await recordActivity(tx, actor, runId, { companyId, action: "member.added", entityType: "user", entityId: user.id, details: { role: input.role } });
    return membership;
  });
}

export async function updateMemberRole(actor: Actor, runId: string | null, companyId: string, userId: string, role: string) {
  requireCompanyAccess(actor, companyId, "admin");
  return db.$transaction(async (tx) => {
    const membership = await tx.companyMembership.findUnique({ where: { companyId_userId: { companyId, userId } } });
    if (!membership) throw new NotFound("Member");
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
  });
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
