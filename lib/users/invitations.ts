import "server-only";
import { recordActivity } from "../activity/record";
import type { BoardActor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { CompanyInvitation } from "../db/generated/client";
import { NotFound } from "../errors";

/**
 * Two weeks covers someone who signs in only now and then, yet a forgotten invitation cannot hand out access months
 * after the inviter stopped expecting it.
 */
export const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/** Who an invitation names: exactly what the inviter sent, an email or a user id. */
export type Invitee = { email: string } | { userId: string };

/** The invitee as the inviter named them, for answers and activity entries; nothing looked up is added. */
export function inviteeOf(invitation: Pick<CompanyInvitation, "email" | "userId">): Invitee {
  return invitation.userId ? { userId: invitation.userId } : { email: invitation.email ?? "" };
}

/**
 * Records that `invitee` is invited into the company with `role` (a second invitation changes the role and starts the
 * lifetime again). Whether such a user exists is deliberately not looked at here: the inviter must not be able to tell,
 * so an unknown email or id is stored and logged exactly like a known one.
 */
export async function invite(actor: BoardActor, runId: string | null, companyId: string, invitee: Invitee, role: string) {
  // updatedAt is when it was last sent (listed as invitedAt), so the lifetime visibly counts from it.
  const updatedAt = new Date();
  const expiresAt = new Date(updatedAt.getTime() + INVITATION_LIFETIME_MS);
  return db.$transaction(async (tx) => {
    // Expired invitations of unknown people would otherwise stay forever; each new one clears its company's.
    await tx.companyInvitation.deleteMany({ where: { companyId, expiresAt: { lte: updatedAt } } });
    const fields = { role, invitedByUserId: actor.userId, expiresAt, updatedAt };
    const invitation = await tx.companyInvitation.upsert({
      where: "userId" in invitee ? { companyId_userId: { companyId, userId: invitee.userId } } : { companyId_email: { companyId, email: invitee.email } },
      create: { companyId, ...invitee, ...fields },
      update: fields,
    });
    await recordActivity(tx, actor, runId, {
      companyId,
      action: "member.invited",
      entityType: "invitation",
      entityId: invitation.id,
      details: { ...invitee, role },
    });
    return invitation;
  });
}

/** Invitations not yet accepted, cancelled or expired; owners only, since they name people outside the company. */
export async function listInvitations(actor: BoardActor, companyId: string) {
  requireCompanyAccess(actor, companyId, "admin");
  return db.companyInvitation.findMany({ where: { companyId, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "asc" } });
}

export async function cancelInvitation(actor: BoardActor, runId: string | null, companyId: string, invitationId: string) {
  requireCompanyAccess(actor, companyId, "admin");
  await db.$transaction(async (tx) => {
    const invitation = await tx.companyInvitation.findFirst({ where: { id: invitationId, companyId } });
    if (!invitation || (await tx.companyInvitation.deleteMany({ where: { id: invitation.id } })).count === 0) throw new NotFound("Invitation");
    await recordActivity(tx, actor, runId, {
      companyId,
      action: "member.invitation_cancelled",
      entityType: "invitation",
      entityId: invitation.id,
      details: { ...inviteeOf(invitation), role: invitation.role },
    });
  });
  return { ok: true as const };
}

/**
 * At sign-in: every invitation naming the user's email or id becomes a membership (an existing one keeps its role),
 * unless it has expired or its inviter may no longer add members to that company; those are dropped, granting nothing.
 */
export async function acceptInvitations(userId: string, email: string): Promise<void> {
  const naming = { OR: [{ userId }, ...(email ? [{ email }] : [])] };
  // The usual answer is "none", from indexed reads; only then a transaction.
  if ((await db.companyInvitation.count({ where: naming })) === 0) return;
  await db.$transaction(async (tx) => {
    const invitations = await tx.companyInvitation.findMany({ where: naming, orderBy: { createdAt: "asc" } });
    for (const invitation of invitations) {
      // A concurrent sign-in of the same user may have taken this one already.
      if ((await tx.companyInvitation.deleteMany({ where: { id: invitation.id } })).count === 0) continue;
      if (invitation.expiresAt <= new Date() || !(await inviterStillAdmits(tx, invitation))) continue;
      const { companyId, role, invitedByUserId } = invitation;
      const { count } = await tx.companyMembership.createMany({ data: [{ companyId, userId, role }], skipDuplicates: true });
      if (count === 0) continue;
      await recordActivity(tx, null, null, { companyId, action: "member.added", entityType: "user", entityId: userId, details: { role, invitedByUserId } });
    }
  });
}

/** An invitation carries its inviter's authority, so it lapses once they are no longer an owner (or an instance admin). */
async function inviterStillAdmits(tx: Tx, { invitedByUserId, companyId }: CompanyInvitation): Promise<boolean> {
  if (!invitedByUserId) return false;
  const inviter = await tx.user.findFirst({
    where: { id: invitedByUserId, disabledAt: null, OR: [{ isInstanceAdmin: true }, { memberships: { some: { companyId, role: "owner" } } }] },
    select: { id: true },
  });
  return inviter !== null;
}
