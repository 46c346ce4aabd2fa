import { z } from "zod";

export const runParams = z.strictObject({ runId: z.uuid() });

/** Paperclip's cursor over a run's events, as its `heartbeat run` CLI polls them. */
export const runEventsQuery = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).optional().describe("Only events after this `seq` (each wake's 1-based place in the run)"),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Paperclip's byte window over a run's log, as its CLI tails it. */
export const runLogQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).optional().describe("Byte offset `content` starts at (default 0)"),
  limitBytes: z.coerce.number().int().min(1).max(1_048_576).optional().describe("At most this many bytes of `content` (default: the rest)"),
});

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
