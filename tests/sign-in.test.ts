import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { isSessionActive } from "@/lib/auth/sessions";
import { TARGETED_EMAIL_DELAY_MS, reserveSignInAttempt, withSignInLimits } from "@/lib/auth/sign-in-limits";
import { db } from "@/lib/db/client";
import { seedUser } from "./support/fixtures";

type Authorize = (credentials: Record<string, string>, request: unknown) => Promise<{ id: string; email: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
type JwtCallback = (params: { token: Record<string, unknown>; user?: { id: string; email: string } }) => Promise<Record<string, unknown>>;
const jwt = authOptions.callbacks!.jwt as unknown as JwtCallback;
const signOut = authOptions.events!.signOut as (message: { token: Record<string, unknown> }) => Promise<void>;

let addressCounter = 0;
/** A client address no other test uses, so each test starts with full budgets. */
const freshIp = () => `198.51.100.${(addressCounter += 1)}`;

/** Fails `count` attempts: reserved and, like a refused password, never given back. */
function failAttempts(ip: string, email: string, count: number) {
  return Array.from({ length: count }, () => reserveSignInAttempt(ip, email));
}

describe("sign-in with email and password", () => {
  it("accepts the right password, refuses a wrong one and disabled users", async () => {
    const { user } = await seedUser({ password: "right-password" });
    expect(await authorize({ email: user.email.toUpperCase(), password: "right-password" }, {})).toMatchObject({ id: user.id });
    expect(await authorize({ email: user.email, password: "wrong-password" }, {})).toBeNull();
    const disabled = await seedUser({ password: "right-password", disabled: true });
    expect(await authorize({ email: disabled.user.email, password: "right-password" }, {})).toBeNull();
  });

  it("an unknown email takes as long to refuse as a known one (it does not reveal which emails exist)", async () => {
    const { user } = await seedUser({ password: "right-password" });
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        // Full budgets each time, so every attempt really checks a password instead of meeting a limit.
        (globalThis as { switchboardNamedLimiters?: unknown }).switchboardNamedLimiters = undefined;
        const started = performance.now();
        expect(await authorize({ email, password: "wrong-password" }, {})).toBeNull();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[3];
    };
    await median(user.email); // warm the statement and the scrypt pool
    const known = await median(user.email);
    const unknown = await median(`nobody-${user.id}@example.com`);
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });
});

describe("sign-in limits", () => {
  it("10 failures for one email from one address → refused there with Retry-After; the real user elsewhere still gets in", () => {
    const [attacker, owner, email] = [freshIp(), freshIp(), `target-${freshIp()}@example.com`];
    expect(failAttempts(attacker, email, 10).every((reservation) => reservation.allowed)).toBe(true);
    const refused = reserveSignInAttempt(attacker, email);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The email is under attack, so the owner's attempt is slowed down, never refused.
    const fromOwner = reserveSignInAttempt(owner, email);
    expect(fromOwner).toMatchObject({ allowed: true, delayMs: TARGETED_EMAIL_DELAY_MS });
  });

  it("over-budget attempts for one email from many addresses go one a second, and past ten seconds of queue are refused", () => {
    const email = `crowd-${freshIp()}@example.com`;
    expect(failAttempts(freshIp(), email, 10).every((reservation) => reservation.allowed)).toBe(true);
    const now = Date.now();
    const queued = Array.from({ length: 10 }, () => reserveSignInAttempt(freshIp(), email, now));
    expect(queued.map((reservation) => reservation.allowed && reservation.delayMs)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i + 1) * TARGETED_EMAIL_DELAY_MS),
    );
    expect(reserveSignInAttempt(freshIp(), email, now)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it("authorize() applies the limits itself, whatever route reached it: after 10 failures even the right password is refused", async () => {
    const { user } = await seedUser({ password: "right-password" });
    const attempt = (password: string) =>
      withSignInLimits(
        new Request("http://localhost/api/auth/callback/credentials/extra", { method: "POST", headers: { "x-forwarded-for": "203.0.113.7" } }),
        async () => Response.json({ user: await authorize({ email: user.email, password }, {}) }),
      );
    for (let i = 0; i < 10; i += 1) expect((await attempt(`guess-${i}`)).status).toBe(200);
    const refused = await attempt("right-password");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("spraying many emails from one address → refused after 20 failures, other addresses unaffected", () => {
    const sprayer = freshIp();
    const sprayed = Array.from({ length: 20 }, (_, i) => reserveSignInAttempt(sprayer, `spray-${i}-${sprayer}@example.com`));
    expect(sprayed.every((reservation) => reservation.allowed)).toBe(true);
    const next = reserveSignInAttempt(sprayer, `spray-next-${sprayer}@example.com`);
    expect(next).toMatchObject({ allowed: false });
    expect(reserveSignInAttempt(freshIp(), `spray-next-${sprayer}@example.com`)).toMatchObject({ allowed: true, delayMs: 0 });
  });

  it("attempts that succeed are given back, so signing in often never uses up the allowance", () => {
    const [ip, email] = [freshIp(), "frequent@example.com"];
    for (let i = 0; i < 50; i += 1) {
      const reservation = reserveSignInAttempt(ip, email);
      expect(reservation).toMatchObject({ allowed: true, delayMs: 0 });
      if (reservation.allowed) reservation.release();
    }
  });
});

describe("sign-in sessions", () => {
  it("sign-in records a session named by the JWT's sid; signing out ends it; a JWT without sid is signed out", async () => {
    const { user } = await seedUser();
    const token = await jwt({ token: { sub: user.id, email: user.email }, user: { id: user.id, email: user.email } });
    expect(token).toMatchObject({ sub: user.id, sid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await isSessionActive(token)).toBe(true);
    await expect(jwt({ token })).resolves.toEqual(token);

    await signOut({ token });
    expect(await isSessionActive(token)).toBe(false);
    expect(await db.userSession.findUniqueOrThrow({ where: { id: token.sid as string } })).toMatchObject({ revokedAt: expect.any(Date) });
    // next-auth drops the cookie of a session whose jwt callback throws.
    await expect(jwt({ token })).rejects.toThrow(/sign in again/);
    await expect(jwt({ token: { sub: user.id } })).rejects.toThrow(/sign in again/);
  });

  it("a second sign-in is a separate session: signing out of one leaves the other", async () => {
    const { user } = await seedUser();
    const first = await jwt({ token: {}, user: { id: user.id, email: user.email } });
    const second = await jwt({ token: {}, user: { id: user.id, email: user.email } });
    await signOut({ token: first });
    expect([await isSessionActive(first), await isSessionActive(second)]).toEqual([false, true]);
  });
});
