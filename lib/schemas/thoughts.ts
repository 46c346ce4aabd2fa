import { z } from "zod";
import { issueRef } from "./issues";

// The thought is only typed here: its length rule (1 to 4,000 characters) lives in lib/thoughts and answers 422 naming
// `thought`, the same over REST and MCP.
const thought = z.string().describe("What you are doing or thinking now, 1 to 4,000 characters");

export const thoughtInput = z.strictObject({
  thought,
  tasks: z.array(issueRef).optional().describe("The tasks it is about (at most 10); default: your in-progress tasks, this run's checkout first"),
});
/** The issue route names the task in its path. */
export const thoughtBody = z.strictObject({ thought });

export const thoughtsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional().describe("Newest first, at most this many (default 20)"),
});
export const runThoughtsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional().describe("Oldest first, at most this many (default 500)"),
});

export type ThoughtInput = z.output<typeof thoughtInput>;
