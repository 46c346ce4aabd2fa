import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isDatabaseBusy, isDatabaseUnavailable } from "../api/problem";
import { db } from "../db/client";
import { acceptInvitations } from "../users/invitations";
import { spendPasswordCheck, verifyPassword } from "./password";
import { SESSION_MAX_AGE_SECONDS, isSessionActive, revokeUserSession, startUserSession, type SessionClaims } from "./sessions";
import { limitSignInAttempt, normalizeSignInEmail } from "./sign-in-limits";

/** Thrown by the jwt callback for a session that was signed out, expired or never recorded: next-auth drops the cookie. */
class SessionEnded extends Error {
  constructor() {
    super("The session has ended; sign in again");
  }
}

/**
 * next-auth clears the cookie on any error in the jwt callback, so a database that cannot answer must not count as a
 * signed-out session: the cookie is kept, and the page's own data requests answer 503 until the database is back.
 */
async function sessionStillActive(token: SessionClaims): Promise<boolean> {
  try {
    return await isSessionActive(token);
  } catch (error) {
    if (isDatabaseUnavailable(error) || isDatabaseBusy(error)) return true;
    throw error;
  }
}

// Guessing limits (per IP, per IP and email, per email) are applied in authorize() to the credentials next-auth parsed;
// the route in front of next-auth turns a refusal into 429 with Retry-After, which authorize() alone cannot answer.
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = normalizeSignInEmail(credentials?.email);
        const password = credentials?.password;
        if (!email || typeof password !== "string" || !password) return null;
        const limit = await limitSignInAttempt(email);
        if (!limit.proceed) return null;
        const user = await db.user.findUnique({ where: { email } });
        // A password is checked either way, so an unknown or disabled email costs what a known one does.
        const verified = user && !user.disabledAt ? await verifyPassword(password, user.passwordHash) : await spendPasswordCheck(password);
        limit.settle(Boolean(user && verified));
        return user && verified ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    // The JWT holds the user id and its session's id; permissions, the disabled flag and whether the session was signed
    // out are read fresh on every request.
    async jwt({ token, user }) {
      if (user) {
        await acceptInvitations(user.id, user.email ?? "");
        return { ...token, sub: user.id, sid: await startUserSession(user.id) };
      }
      if (!(await sessionStillActive(token))) throw new SessionEnded();
      return token;
    },
    session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub } }),
  },
  events: {
    signOut: ({ token }) => revokeUserSession(token),
  },
  logger: {
    error(code, metadata) {
      // An ended session is an answer (signed out), not a fault worth a log line.
      if (metadata instanceof SessionEnded) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
};
