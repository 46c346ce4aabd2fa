import "server-only";
import type { Usage } from "../adapters/types";
import type { Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import { setAgentStatus } from "../agents/status";

type Prices = Record<string, { inputCentsPerMillion?: number; cachedInputCentsPerMillion?: number; outputCentsPerMillion?: number }>;

/** A reported cost beyond $1M for one run is a broken report; capped so the spend columns (int4 cents) stay writable. */
const MAX_RUN_CENTS = 100_000_000;

/**
 * Whole cents, rounded up: spend is counted against a budget, which is a ceiling, so a run that cost anything never
 * counts as nothing (each run is over-counted by less than a cent). The tolerance keeps float noise such as
 * 0.07 × 100 = 7.000000000000001 from costing an extra cent.
 */
export const centsUp = (cents: number) => (cents > 0 && Number.isFinite(cents) ? Math.min(MAX_RUN_CENTS, Math.max(1, Math.ceil(cents - 1e-9))) : 0);

/** A run's cost: what the agent reported, else its tokens at the company's price for the model (settings.modelPrices). */
export function costOf(usage: Usage | null, prices: Prices): number {
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

/**
 * Adds the run's cost to the agent's monthly spend. Crossing a set budget pauses the agent: its next wakes stay queued
 * until a board user raises the budget or resumes it. A terminated or pending agent keeps its status.
 */
export async function recordRunCost(tx: Tx, agent: Agent, usage: Usage | null): Promise<number> {
  const company = await tx.company.findUniqueOrThrow({ where: { id: agent.companyId }, select: { settings: true } });
  const cost = costOf(usage, ((company.settings as { modelPrices?: Prices }).modelPrices ?? {}) as Prices);
  if (cost === 0) return 0;
  const updated = await tx.agent.update({ where: { id: agent.id }, data: { spentMonthlyCents: { increment: cost } } });
  await tx.company.update({ where: { id: agent.companyId }, data: { spentMonthlyCents: { increment: cost } } });
  if (updated.budgetMonthlyCents > 0 && updated.spentMonthlyCents >= updated.budgetMonthlyCents)
    await setAgentStatus(tx, null, null, updated, "paused", "budget");
  return cost;
}
