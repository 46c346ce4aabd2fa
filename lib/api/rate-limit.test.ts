import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

describe("TokenBucketLimiter", () => {
  it("allows a burst, then refuses with a Retry-After, then refills", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(3, 1, () => now);
    expect([1, 2, 3].map(() => limiter.take("k").allowed)).toEqual([true, true, true]);
    const refused = limiter.take("k");
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 1_000;
    expect(limiter.take("k").allowed).toBe(true);
    expect(limiter.take("k").allowed).toBe(false);
  });

  it("hasTokens looks without spending", () => {
    const limiter = new TokenBucketLimiter(1, 1, () => 0);
    expect([limiter.hasTokens("k"), limiter.hasTokens("k")]).toEqual([true, true]);
    limiter.take("k");
    expect(limiter.hasTokens("k")).toBe(false);
  });

  it("keeps callers apart", () => {
    const limiter = new TokenBucketLimiter(1, 1, () => 0);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("b").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });
});
