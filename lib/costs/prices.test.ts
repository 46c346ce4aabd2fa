import { describe, expect, it } from "vitest";
import { costOf } from "./prices";

const usage = (inputTokens: number, cachedInputTokens: number, outputTokens: number, extra: { model?: string; costCents?: number } = {}) => ({
  inputTokens,
  cachedInputTokens,
  outputTokens,
  ...extra,
});

describe("costOf", () => {
  it("rounds a reported cost up to the next cent, so a run under half a cent is not free", () => {
    expect(costOf(usage(0, 0, 0, { costCents: 42.13 }), {})).toBe(43);
    expect(costOf(usage(0, 0, 0, { costCents: 0.3 }), {})).toBe(1);
    expect(costOf(usage(0, 0, 0, { costCents: 1e-12 }), {})).toBe(1);
    expect(costOf(usage(0, 0, 0, { costCents: 150 }), {})).toBe(150);
    // 0.07 USD arrives as 7.000000000000001 cents: float noise is not a cent.
    expect(costOf(usage(0, 0, 0, { costCents: 0.07 * 100 }), {})).toBe(7);
    expect(costOf(usage(0, 0, 0, { costCents: 0 }), {})).toBe(0);
    expect(costOf(usage(0, 0, 0, { costCents: -5 }), {})).toBe(0);
    expect(costOf(null, {})).toBe(0);
    expect(costOf(usage(0, 0, 0, { costCents: 1e15 }), {})).toBe(100_000_000);
  });

  it("prices uncached input, cached input and output separately, rounding the total up", () => {
    const prices = { default: { inputCentsPerMillion: 300, cachedInputCentsPerMillion: 30, outputCentsPerMillion: 1_500 } };
    // 800 uncached × 300 + 200 cached × 30 + 100 out × 1500 = 396,000 per million = 0.396 cents: one, not none.
    expect(costOf(usage(1_000, 200, 100), prices)).toBe(1);
    expect(costOf(usage(1_000_000, 0, 0), prices)).toBe(300);
    expect(costOf(usage(1_000, 200, 300, { model: "other" }), { other: { outputCentsPerMillion: 1_000_000 } })).toBe(300);
    expect(costOf(usage(1_000, 200, 300, { model: "unpriced" }), {})).toBe(0);
  });
});
