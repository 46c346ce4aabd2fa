import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { TokenBucketLimiter } from "../api/rate-limit";
import { verifyPassword } from "./password";

// Password guessing: 10 failed attempts per email in a burst, then one every 6 seconds (per server process).
const failedSignIns = new TokenBucketLimiter(10, 1 / 6);

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = credentials?.email?.trim().toLowerCase();
        if (!email || !credentials?.password) return null;
        // Spent before the password is checked, so concurrent guesses cannot all slip past one check.
        if (!failedSignIns.take(email).allowed) return null;
        const user = await db.user.findUnique({ where: { email } });
        if (!user || user.disabledAt || !(await verifyPassword(credentials.password, user.passwordHash))) return null;
        failedSignIns.giveBack(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    // The JWT holds only the user id; permissions and the disabled flag are read fresh on every request.
    jwt: ({ token, user }) => (user ? { ...token, sub: user.id } : token),
    session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub } }),
  },
};
