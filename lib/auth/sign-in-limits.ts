import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { clientIp, UNKNOWN_CLIENT_IP } from "../api/client-ip";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../api/problem-body";
import { configuredPublicOrigin } from "../api/public-url";
import { namedLimiter, type TokenBucketLimiter } from "../api/rate-limit";
import { TooManyRequests } from "../errors";

// Budgets of failed passwords. A token is reserved before the password is checked, so concurrent guesses cannot all
// slip past one check, and given back when the password was right.
/** Per client IP, whatever the email: 20 in a burst, then one every 3 seconds (spraying many emails). */
const failuresPerIp = () => namedLimiter("sign-in:ip", 20, 1 / 3);
/** Per client IP and email: 10 in a burst, then one every 6 seconds (guessing one user's password). */
const failuresPerIpAndEmail = () => namedLimiter("sign-in:ip+email", 10, 1 / 6);
/**
 * Per email from anywhere: beyond 10 (one more every 6 seconds) attempts for it are queued a second apart rather than
 * refused, so guesses from other addresses slow the real user down without locking them out.
 */
const failuresPerEmail = () => namedLimiter("sign-in:email", 10, 1 / 6);
export const TARGETED_EMAIL_DELAY_MS = 1_000;

const MAX_EMAIL_KEY_LENGTH = 320;

/** The form of a sign-in: trimmed, lower-case, and never longer than an email can be (it keys the limiters). */
export function normalizeSignInEmail(value: unknown): string {
  return typeof value === "string" ? value.trim().toLowerCase().slice(0, MAX_EMAIL_KEY_LENGTH) : "";
}

export type SignInReservation = { allowed: false; retryAfterSeconds: number } | { allowed: true; delayMs: number; release: () => void };

// When each email's next over-budget attempt may run: such attempts go one at a time, TARGETED_EMAIL_DELAY_MS apart,
// so guesses spread over many addresses still reach one account at most once a second.
const nextTargetedSlot = new Map<string, number>();
/** Past this wait the attempt is refused (429) instead of queued, so a crowd of guesses cannot hold requests open. */
const MAX_TARGETED_WAIT_MS = 10_000;

export function reserveSignInAttempt(ip: string, email: string, now = Date.now()): SignInReservation {
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
  const slot = Math.max(now, nextTargetedSlot.get(email) ?? 0) + TARGETED_EMAIL_DELAY_MS;
  if (slot - now > MAX_TARGETED_WAIT_MS) {
    release();
    return { allowed: false, retryAfterSeconds: Math.ceil((slot - now - MAX_TARGETED_WAIT_MS) / 1000) };
  }
  nextTargetedSlot.set(email, slot);
  if (nextTargetedSlot.size > 50_000) for (const [key, at] of nextTargetedSlot) if (at < now) nextTargetedSlot.delete(key);
  return { allowed: true, delayMs: slot - now, release };
}

/** The sign-in request being answered: where it came from, and whether the limits refused it. */
type SignInAttempt = { ip: string; retryAfterSeconds: number | null };
const currentAttempt = new AsyncLocalStorage<SignInAttempt>();

/**
 * The limits around one credentials check, applied inside next-auth's authorize() to the email next-auth itself
 * parsed, so no spelling of the request can count one email and check another. Answers whether to check the password
 * at all, and a callback that keeps the reserved failure or gives it back.
 */
export async function limitSignInAttempt(email: string): Promise<{ proceed: false } | { proceed: true; settle: (succeeded: boolean) => void }> {
  const attempt = currentAttempt.getStore();
  const reservation = reserveSignInAttempt(attempt?.ip ?? UNKNOWN_CLIENT_IP, email);
  if (!reservation.allowed) {
    if (attempt) attempt.retryAfterSeconds = reservation.retryAfterSeconds;
    return { proceed: false };
  }
  if (reservation.delayMs) await new Promise((resolve) => setTimeout(resolve, reservation.delayMs));
  return { proceed: true, settle: (succeeded) => succeeded && reservation.release() };
}

/**
 * Runs a next-auth POST with the caller's address in reach of authorize(); when the limits refused the attempt, the
 * answer is 429 with Retry-After instead of next-auth's plain refusal.
 */
export async function withSignInLimits(request: Request, signIn: () => Promise<Response>): Promise<Response> {
  const attempt: SignInAttempt = { ip: clientIp(request.headers), retryAfterSeconds: null };
  const response = await currentAttempt.run(attempt, signIn);
  return attempt.retryAfterSeconds === null ? response : rateLimitedResponse(request, attempt.retryAfterSeconds);
}

/** A problem+json 429 that also carries next-auth's `{url}`, so its client reads `error=RateLimited` instead of failing. */
function rateLimitedResponse(request: Request, retryAfterSeconds: number): Response {
  const problem = new TooManyRequests(retryAfterSeconds);
  const requestId = randomUUID();
  const url = new URL("/login?error=RateLimited", configuredPublicOrigin() ?? new URL(request.url).origin).toString();
  return new Response(JSON.stringify({ ...problemBody(problem, requestId), url }), {
    status: 429,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": requestId, ...problem.headers },
  });
}
