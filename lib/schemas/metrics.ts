import { z } from "zod";
import { issueRef } from "./issues";

// Amounts are only typed here: their ranges (cost 0 to $1,000,000, token counts whole and at most 10^12, at least one
// given) live in lib/costs/ledger.ts and answer 422 naming the field, the same over REST and MCP.
const metricsFields = {
  costUsd: z.number().optional().describe("What this work cost, in US dollars (0 to 1,000,000); without it the tokens are priced"),
  inputTokens: z.number().optional().describe("All input tokens, cached ones included"),
  cachedInputTokens: z.number().optional().describe("The part of the input read from cache"),
  outputTokens: z.number().optional(),
  model: z.string().trim().min(1).max(200).optional().describe("The model, to price tokens by the company's modelPrices"),
};

export const logMetricsInput = z.strictObject({ task: issueRef.describe("The task the cost belongs to"), ...metricsFields });
/** The issue route names the task in its path. */
export const metricsBody = z.strictObject(metricsFields);

export const taskMetricsInput = z.strictObject({
  tasks: z.array(issueRef).min(1).max(100).describe("Tasks whose logged and run costs to add up"),
});

export type LogMetricsInput = z.output<typeof logMetricsInput>;
