import type { Usage } from "../adapters/types";

export type ModelPrices = Record<string, { inputCentsPerMillion?: number; cachedInputCentsPerMillion?: number; outputCentsPerMillion?: number }>;

/** A reported cost beyond $1M for one entry is a broken report; capped so the spend columns (int4 cents) stay writable. */
const MAX_ENTRY_CENTS = 100_000_000;

/**
 * Whole cents, rounded up: spend is counted against a budget, which is a ceiling, so work that cost anything never
 * counts as nothing (each entry is over-counted by less than a cent). The tolerance keeps float noise such as
 * 0.07 × 100 = 7.000000000000001 from costing an extra cent.
 */
export const centsUp = (cents: number) => (cents > 0 && Number.isFinite(cents) ? Math.min(MAX_ENTRY_CENTS, Math.max(1, Math.ceil(cents - 1e-9))) : 0);

/** What usage cost: the cost reported with it, else its tokens at the company's price for the model (settings.modelPrices). */
export function costOf(usage: Usage | null, prices: ModelPrices): number {
  if (!usage) return 0;
  if (typeof usage.costCents === "number") return centsUp(usage.costCents);
  const price = (usage.model && prices[usage.model]) || prices.default;
  if (!price) return 0;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
  const cents =
    (uncached * (price.inputCentsPerMillion ?? 0) +
      usage.cachedInputTokens * (price.cachedInputCentsPerMillion ?? 0) +
      usage.outputTokens * (price.outputCentsPerMillion ?? 0)) /
    1_000_000;
  return centsUp(cents);
}
