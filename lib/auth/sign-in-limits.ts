import "server-only";
import { randomUUID } from "node:crypto";
import { clientIp } from "../api/client-ip";
import { problemBody } from "../api/problem";
import { configuredPublicOrigin } from "../api/public-url";
import { namedLimiter, type TokenBucketLimiter } from "../api/rate-limit";
import { TooManyRequests } from "../errors";

// Budgets of failed passwords. A token is reserved before the password is checked, so concurrent guesses cannot all
// slip past one check, and given back when the attempt turns out not to be a failure.
/** Per client IP, whatever the email: 20 in a burst, then one every 3 seconds (spraying many emails). */
const failuresPerIp = () => namedLimiter("sign-in:ip", 20, 1 / 3);
/** Per client IP and email: 10 in a burst, then one every 6 seconds (guessing one user's password). */
const failuresPerIpAndEmail = () => namedLimiter("sign-in:ip+email", 10, 1 / 6);
/**
 * Per email from anywhere: beyond 10 (one more every 6 seconds) each attempt for it waits, but is never refused, so
 * guesses from other addresses slow the real user down without locking them out.
 */
const failuresPerEmail = () => namedLimiter("sign-in:email", 10, 1 / 6);
export const TARGETED_EMAIL_DELAY_MS = 1_000;

const MAX_EMAIL_KEY_LENGTH = 320;

export type SignInReservation = { allowed: false; retryAfterSeconds: number } | { allowed: true; delayMs: number; release: () => void };

/** The form of a sign-in: trimmed, lower-case, and never longer than an email can be (it keys the limiters). */
export function normalizeSignInEmail(value: unknown): string {
  return typeof value === "string" ? value.trim().toLowerCase().slice(0, MAX_EMAIL_KEY_LENGTH) : "";
}

export function reserveSignInAttempt(ip: string, email: string): SignInReservation {
  const taken: [TokenBucketLimiter, string][] = [];
  const release = () => taken.forEach(([limiter, key]) => limiter.giveBack(key));
  const refusing: [TokenBucketLimiter, string][] = [
    [failuresPerIp(), ip],
    [failuresPerIpAndEmail(), `${ip} ${email}`],
  ];
  for (const [limiter, key] of refusing) {
    const decision = limiter.take(key);
    if (!decision.allowed) {
      release();
      return { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
    }
    taken.push([limiter, key]);
  }
  const targeted = failuresPerEmail();
  if (targeted.take(email).allowed) {
    taken.push([targeted, email]);
    return { allowed: true, delayMs: 0, release };
  }
  return { allowed: true, delayMs: TARGETED_EMAIL_DELAY_MS, release };
}

/**
 * Runs next-auth's credentials sign-in under the limits: 429 with Retry-After when this address has failed too often
 * (overall or for this email), the reserved failure kept only when next-auth refused the credentials.
 */
export async function withSignInLimits(request: Request, signIn: () => Promise<Response>): Promise<Response> {
  const reservation = reserveSignInAttempt(clientIp(request.headers), await submittedEmail(request));
  if (!reservation.allowed) return rateLimitedResponse(request, reservation.retryAfterSeconds);
  if (reservation.delayMs) await new Promise((resolve) => setTimeout(resolve, reservation.delayMs));
  let refused = false;
  try {
    const response = await signIn();
    refused = await credentialsRefused(response);
    return response;
  } finally {
    if (!refused) reservation.release();
  }
}

async function submittedEmail(request: Request): Promise<string> {
  const contentType = request.headers.get("content-type") ?? "";
  try {
    const copy = request.clone();
    if (contentType.includes("application/x-www-form-urlencoded")) return normalizeSignInEmail(new URLSearchParams(await copy.text()).get("email"));
    if (contentType.includes("application/json")) return normalizeSignInEmail(((await copy.json()) as { email?: unknown } | null)?.email);
  } catch {
    // A body next-auth cannot read either; it fails as a sign-in without an email.
  }
  return "";
}

/** next-auth answers refused credentials with `error=CredentialsSignin`: as a redirect, or as JSON `{url}` with 401. */
async function credentialsRefused(response: Response): Promise<boolean> {
  let target = response.headers.get("location");
  if (!target && response.status === 401) {
    target = await response
      .clone()
      .json()
      .then((body: { url?: unknown }) => (typeof body?.url === "string" ? body.url : null))
      .catch(() => null);
  }
  if (!target) return false;
  try {
    return new URL(target, "http://localhost").searchParams.get("error") === "CredentialsSignin";
  } catch {
    return false;
  }
}

/** A problem+json 429 that also carries next-auth's `{url}`, so its client reads `error=RateLimited` instead of failing. */
function rateLimitedResponse(request: Request, retryAfterSeconds: number): Response {
  const problem = new TooManyRequests(retryAfterSeconds);
  const requestId = randomUUID();
  const url = new URL("/login?error=RateLimited", configuredPublicOrigin() ?? new URL(request.url).origin).toString();
  return new Response(JSON.stringify({ ...problemBody(problem, requestId), url }), {
    status: 429,
    headers: { "content-type": "application/problem+json", "x-request-id": requestId, ...problem.headers },
  });
}
