import { getCsrfToken } from "@/lib/queries/auth";

export type SignInResult = { outcome: "signed_in" } | { outcome: "invalid" } | { outcome: "rate_limited"; retryAfterSeconds: number };

const FALLBACK_RETRY_SECONDS = 60;

/**
 * Posts email and password to next-auth's credentials callback as its own signIn() does, but keeps what signIn()
 * drops: a 429's Retry-After, so the form can say how long to wait. Throws when the server could not be reached.
 */
export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const csrfToken = (await getCsrfToken()) ?? "";
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    return { outcome: "rate_limited", retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : FALLBACK_RETRY_SECONDS };
  }
  if (response.status === 401) return { outcome: "invalid" };
  if (!response.ok) throw new Error(`Sign-in answered HTTP ${response.status}`);
  const { url } = (await response.json()) as { url?: string };
  const answer = new URL(url ?? "/", window.location.href).searchParams;
  if (answer.get("error")) return { outcome: "invalid" };
  // A stale CSRF token sends next-auth back to its own sign-in page: nothing was checked, so it is not a wrong password.
  if (answer.has("csrf")) throw new Error("Sign-in was refused for a stale form token");
  return { outcome: "signed_in" };
}

export function signInFailureMessage(result: Exclude<SignInResult, { outcome: "signed_in" }>): string {
  if (result.outcome === "rate_limited") return `Too many attempts — try again in ${result.retryAfterSeconds} seconds.`;
  return "Invalid email or password";
}
