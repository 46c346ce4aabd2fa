import { z } from "zod";
import { issueRef } from "./issues";

// Paths are only typed here: their rules (normalisation, length, `..`, at most 100 a call) live in lib/marks/paths.ts
// and answer 422 naming `files.N`, the same over REST and MCP.
const filePath = z.string().describe("A path relative to the task's workspace, or an absolute one (inside the workspace it is made relative)");
const files = z.array(filePath).describe("At most 100 paths");
const reason = z.string().trim().max(1_000).optional().describe("Why: what you are about to change");
const task = issueRef.optional().describe("The task the marks are for; default: the issue this run has checked out");

export const markFilesInput = z.strictObject({ files, task, reason });
/** The issue route names the task in its path. */
export const markFilesBody = markFilesInput.omit({ task: true });

export const unmarkFilesInput = z.strictObject({
  files: z
    .union([z.literal("*"), files])
    .optional()
    .describe('The paths to release, or "*" for every mark you hold'),
  task: issueRef.optional().describe("Release your marks tied to this task (with `files`: those paths in its workspace)"),
  reason,
});
export const releaseMarksBody = unmarkFilesInput.omit({ task: true });

export const listMarksInput = z.strictObject({
  task: issueRef.optional().describe("Only marks tied to this task"),
  workspaceId: z.uuid().optional().describe("Only marks in this execution workspace"),
  agentId: z.uuid().optional().describe("Only this agent's marks"),
  files: z.array(filePath).optional().describe("Only these paths"),
});
export const companyMarksQuery = listMarksInput.pick({ workspaceId: true, agentId: true });

export type MarkFilesInput = z.output<typeof markFilesInput>;
export type UnmarkFilesInput = z.output<typeof unmarkFilesInput>;
