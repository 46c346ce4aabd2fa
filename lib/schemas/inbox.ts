import { z } from "zod";
import { booleanFlag, csvOf, isStorableTime, uuid } from "./common";
import { INBOX_TABS, ISSUE_STATUSES } from "./values";

/** Paperclip's default for the Mine inbox: every status but cancelled. */
export const INBOX_MINE_DEFAULT_STATUSES = ["backlog", "todo", "in_progress", "in_review", "blocked", "done"] as const;

/** `<ISO time of the last row's sort key>_<its issue id>`, as nextCursor hands it out. */
function isInboxCursor(cursor: string): boolean {
  const split = cursor.lastIndexOf("_");
  const time = cursor.slice(0, split);
  return (
    split > 0 && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(time) && isStorableTime(new Date(time)) && uuid.safeParse(cursor.slice(split + 1)).success
  );
}

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`How many issues at most (1–${max}, default ${fallback})`);

export const boardInboxQuery = z.strictObject({
  tab: z.enum(INBOX_TABS).default("unread").describe("unread (default), all, mentioned or archived"),
  status: csvOf(ISSUE_STATUSES).optional().describe("Only issues in these statuses, comma-separated"),
  limit: limit(200, 50),
  cursor: z.string().refine(isInboxCursor, { error: "Use the nextCursor of the previous page" }).optional().describe("The previous page's nextCursor"),
});

export const agentMineInboxQuery = z.strictObject({
  userId: z.string().trim().min(1).describe("The board user whose Mine inbox to read; must be a member of the agent's company"),
  status: csvOf(ISSUE_STATUSES).optional().describe("Comma-separated statuses; default backlog,todo,in_progress,in_review,blocked,done (as Paperclip)"),
  includeArchived: booleanFlag.optional().describe("true also lists issues the user archived from their inbox"),
  limit: limit(500, 200),
});

export type BoardInboxQuery = z.output<typeof boardInboxQuery>;
export type AgentMineInboxQuery = z.output<typeof agentMineInboxQuery>;
