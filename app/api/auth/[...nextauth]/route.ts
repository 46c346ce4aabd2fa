import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { withSignInLimits } from "@/lib/auth/sign-in-limits";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

// next-auth owns its own endpoints (/api/auth/csrf, /api/auth/callback/credentials, /api/auth/session, …).
const handler: (request: NextRequest, context: NextAuthContext) => Promise<Response> = NextAuth(authOptions);

/** Every POST runs where authorize() can see the caller's address and report a refusal by the guessing limits. */
async function POST(request: NextRequest, context: NextAuthContext): Promise<Response> {
  return withSignInLimits(request, () => handler(request, context));
}

export { handler as GET, POST };
