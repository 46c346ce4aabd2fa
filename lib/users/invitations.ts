import "server-only";
import { recordActivity } from "../activity/record";
import type { BoardActor } from "../auth/actor";
import { db } from "../db/client";

/**
 * Records that `email` is invited into the company with `role` (a second invitation changes the role). Whether a user
 * with that email exists is deliberately not looked at here: the inviter must not be able to tell.
 */
export async function inviteByEmail(actor: BoardActor, runId: string | null, companyId: string, email: string, role: string) {
  return db.$transaction(async (tx) => {
    const invitation = await tx.companyInvitation.upsert({
      where: { companyId_email: { companyId, email } },
      create: { companyId, email, role, invitedByUserId: actor.userId },
      update: { role, invitedByUserId: actor.userId },
    });
    await recordActivity(tx, actor, runId, {
      companyId,
      action: "member.invited",
      entityType: "invitation",
      entityId: invitation.id,
      details: { email, role },
    });
    return invitation;
  });
}

/** At sign-in: every invitation to the user's email becomes a membership (an existing one keeps its role). */
export async function acceptInvitations(userId: string, email: string): Promise<void> {
  if (!email) return;
  // The usual answer is "none", from one indexed read; only then a transaction.
  if ((await db.companyInvitation.count({ where: { email } })) === 0) return;
  await db.$transaction(async (tx) => {
    const invitations = await tx.companyInvitation.findMany({ where: { email }, orderBy: { createdAt: "asc" } });
    for (const invitation of invitations) {
      // A concurrent sign-in of the same user may have taken this one already.
      if ((await tx.companyInvitation.deleteMany({ where: { id: invitation.id } })).count === 0) continue;
      const { companyId, role, invitedByUserId } = invitation;
      const { count } = await tx.companyMembership.createMany({ data: [{ companyId, userId, role }], skipDuplicates: true });
      if (count === 0) continue;
      await recordActivity(tx, null, null, { companyId, action: "member.added", entityType: "user", entityId: userId, details: { role, invitedByUserId } });
    }
  });
}
