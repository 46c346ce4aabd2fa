import "server-only";
import { db } from "../db/client";
import { sqlRows } from "../db/sql";
import { isUuid } from "../schemas/agents";

/** How long a sign-in lasts, in the JWT and in its `user_sessions` row alike. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** A session's claims as they come out of a decoded JWT, whatever minted it. */
export type SessionClaims = { sub?: unknown; sid?: unknown };

/** The user and session ids of a JWT, or null when either is missing or malformed (JWTs minted before `sid` existed). */
export function sessionIdentity(claims: SessionClaims | null | undefined): { userId: string; sessionId: string } | null {
  const userId = claims?.sub;
  const sessionId = claims?.sid;
  if (typeof userId !== "string" || typeof sessionId !== "string" || !isUuid(userId) || !isUuid(sessionId)) return null;
  return { userId, sessionId };
}

/** Records a new sign-in and returns its id, the JWT's `sid`; the user's expired rows go at the same time. */
export async function startUserSession(userId: string): Promise<string> {
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  const [, session] = await db.$transaction([
    db.userSession.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } }),
    db.userSession.create({ data: { userId, expiresAt }, select: { id: true } }),
  ]);
  return session.id;
}

/**
 * The one definition of a live cookie session, for `user_sessions s` joined to `users u` on `$1` (session id) and `$2`
 * (user id): not signed out, not expired, its user not disabled. Actor resolution folds it into its own query.
 */
export const ACTIVE_SESSION_CONDITION = "s.id = $1::uuid AND s.user_id = $2::uuid AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL";

const ACTIVE_SESSION = `SELECT 1 FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE ${ACTIVE_SESSION_CONDITION}`;

/** Whether the JWT's session is still on record: not signed out, not expired, its user not disabled. */
export async function isSessionActive(claims: SessionClaims | null | undefined): Promise<boolean> {
  const identity = sessionIdentity(claims);
  if (!identity) return false;
  return (await sqlRows(ACTIVE_SESSION, [identity.sessionId, identity.userId])).length > 0;
}

/** Ends the JWT's session for good: a copy of the cookie kept from before is refused from now on. */
export async function revokeUserSession(claims: SessionClaims | null | undefined): Promise<void> {
  const identity = sessionIdentity(claims);
  if (!identity) return;
  await db.userSession.updateMany({ where: { id: identity.sessionId, userId: identity.userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
