import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { withSignInLimits } from "@/lib/auth/sign-in-limits";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

// next-auth owns its own endpoints (/api/auth/csrf, /api/auth/callback/credentials, /api/auth/session, …).
const handler: (request: NextRequest, context: NextAuthContext) => Promise<Response> = NextAuth(authOptions);

/** Password sign-ins pass the guessing limits first, since only this layer can answer 429 with Retry-After. */
async function POST(request: NextRequest, context: NextAuthContext): Promise<Response> {
  const { nextauth } = await context.params;
  if (nextauth.join("/") !== "callback/credentials") return handler(request, context);
  return withSignInLimits(request, () => handler(request, context));
}

export { handler as GET, POST };
