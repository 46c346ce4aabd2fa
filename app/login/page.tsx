import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { loadBoardSession } from "@/lib/session";
import { isSetupPending } from "@/lib/users/bootstrap";
import { LoginClient } from "./login-client";

export const metadata: Metadata = { title: "Sign in · Switchboard" };
export const dynamic = "force-dynamic";

/** Only paths on this site: an open redirect after sign-in would hand a phishing page a trusted hop. */
async function safeCallbackUrl(value: string | string[] | undefined): Promise<string> {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return "/";
  let path: string | null = null;
  if (raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\")) {
    path = raw;
  } else {
    try {
      const url = new URL(raw);
      const host = (await headers()).get("host");
      if ((url.protocol === "http:" || url.protocol === "https:") && url.host === host) path = url.pathname + url.search;
    } catch {
      path = null;
    }
  }
  if (!path || path.startsWith("/login") || path.startsWith("/api/")) return "/";
  return path;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = await safeCallbackUrl(params.callbackUrl);
  // A still-valid session goes straight in; a disabled user's leftover cookie does not count.
  if (await loadBoardSession()) redirect(callbackUrl);
  const setupPending = await isSetupPending();
  // next-auth's own pages land here with ?error=: a refused password, or (from the sign-in limits) RateLimited.
  const error = params.error === "RateLimited" ? "Too many attempts — wait a minute, then try again." : params.error ? "Invalid email or password" : null;
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-950">
      <LoginClient initialMode={setupPending ? "setup" : "signin"} callbackUrl={callbackUrl} initialError={error} />
    </main>
  );
}
