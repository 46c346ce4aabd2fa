// A token bucket per caller, in process memory. Each app instance limits on its own; behind N instances the
// effective ceiling is N times higher, which is acceptable for abuse protection (not billing).

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBucketLimiter {
  private buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `take` would be allowed now, without spending anything. */
  hasTokens(key: string): boolean {
    return this.refill(key).tokens >= 1;
  }

  take(key: string): RateLimitDecision {
    const now = this.now();
    const bucket = this.refill(key);
    if (this.buckets.size > 50_000) this.evictFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerSecond)) };
  }

  /** Returns a token taken for an attempt that turned out not to count (a successful sign-in). */
  giveBack(key: string): void {
    const bucket = this.refill(key);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + 1);
  }

  private refill(key: string) {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  private evictFull(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(key);
    }
  }
}

// On globalThis because Next may evaluate a module once per bundle layer; a limiter must be one per process.
const globalForLimiter = globalThis as unknown as { switchboardLimiter?: TokenBucketLimiter; switchboardNamedLimiters?: Map<string, TokenBucketLimiter> };

/** Defaults allow bursts of 600 and 100 requests/second sustained per key; RATE_LIMIT_BURST / RATE_LIMIT_PER_SECOND tune it. */
export function requestLimiter(): TokenBucketLimiter {
  globalForLimiter.switchboardLimiter ??= new TokenBucketLimiter(Number(process.env.RATE_LIMIT_BURST ?? 600), Number(process.env.RATE_LIMIT_PER_SECOND ?? 100));
  return globalForLimiter.switchboardLimiter;
}

/** One limiter per name for the whole process, created with these settings on first use. */
export function namedLimiter(name: string, capacity: number, refillPerSecond: number): TokenBucketLimiter {
  const limiters = (globalForLimiter.switchboardNamedLimiters ??= new Map());
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = new TokenBucketLimiter(capacity, refillPerSecond);
    limiters.set(name, limiter);
  }
  return limiter;
}

/**
 * Requests without valid credentials, per client IP: bursts of 100, then 20 a second. Generous enough for a board tab
 * whose session just ended, tight enough that guessing keys or flooding costs the caller rather than the database.
 * RATE_LIMIT_UNAUTHENTICATED_BURST / RATE_LIMIT_UNAUTHENTICATED_PER_SECOND tune it.
 */
export function unauthenticatedLimiter(): TokenBucketLimiter {
  return namedLimiter(
    "unauthenticated",
    Number(process.env.RATE_LIMIT_UNAUTHENTICATED_BURST ?? 100),
    Number(process.env.RATE_LIMIT_UNAUTHENTICATED_PER_SECOND ?? 20),
  );
}
