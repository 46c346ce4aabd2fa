import { z } from "zod";

export const runParams = z.strictObject({ runId: z.uuid() });

export const wakeupBody = z.strictObject({
  source: z.enum(["timer", "assignment", "on_demand", "automation"]).optional(),
  triggerDetail: z.enum(["manual", "ping", "callback", "system"]).optional(),
  reason: z.string().trim().min(1).max(120).nullable().optional().describe("PAPERCLIP_WAKE_REASON for the run (default manual)"),
  failedRunId: z.uuid().optional(),
  payload: z.record(z.string(), z.unknown()).nullable().optional(),
  idempotencyKey: z.string().max(255).nullable().optional(),
});

export const listRunsQuery = z.strictObject({
  agentId: z.uuid().optional(),
  issueId: z.uuid().optional().describe("Runs woken for this issue"),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
