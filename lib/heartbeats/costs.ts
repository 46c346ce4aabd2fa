import "server-only";
import type { Usage } from "../adapters/types";
import type { Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import { setAgentStatus, statusChangeRefusal } from "../agents/status";

type Prices = Record<string, { inputCentsPerMillion?: number; cachedInputCentsPerMillion?: number; outputCentsPerMillion?: number }>;

/** A run's cost: what the agent reported, else its tokens at the company's price for the model (settings.modelPrices). */
export function costOf(usage: Usage | null, prices: Prices): number {
  if (!usage) return 0;
  if (typeof usage.costCents === "number") return Math.max(0, Math.round(usage.costCents));
  const price = (usage.model && prices[usage.model]) || prices.default;
  if (!price) return 0;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
  const cents =
    (uncached * (price.inputCentsPerMillion ?? 0) +
      usage.cachedInputTokens * (price.cachedInputCentsPerMillion ?? 0) +
      usage.outputTokens * (price.outputCentsPerMillion ?? 0)) /
    1_000_000;
  return Math.round(cents);
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
  if (updated.budgetMonthlyCents > 0 && updated.spentMonthlyCents >= updated.budgetMonthlyCents && !statusChangeRefusal(updated.status, "paused", "budget"))
    await setAgentStatus(tx, null, null, updated, "paused", "budget");
  return cost;
}
