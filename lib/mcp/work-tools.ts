import "server-only";
import type { z } from "zod";
import { requireAgentActor } from "../auth/permissions";
import { logMetrics, taskMetrics } from "../costs/ledger";
import { findIssue } from "../issues/find";
import { listMarks, markFiles, markUpdates, unmarkFiles } from "../marks/marks";
import type {
  attachInput,
  detachInput,
  getMetricsInput,
  listAttachmentsInput,
  listMarksInput,
  logMetricsInput,
  markFileInput,
  thinkingInput,
  unmarkFileInput,
} from "../schemas/mcp";
import { recordThought } from "../thoughts/thoughts";
import { addAttachment, deleteAttachment, listAttachments, serializeAttachment } from "../workflow/attachments";
import { companyFor, listOf, type McpContext } from "./context";

// The tracking tools: thinking, attachments, metrics and file marks, each one call into its domain function.

type Args<S extends z.ZodType> = z.output<S>;

export async function thinking({ actor, runId }: McpContext, args: Args<typeof thinkingInput>) {
  const { thoughts } = await recordThought(actor, runId, { thought: args.thought, tasks: args.tasks });
  return { success: true, updatedCount: thoughts.length, thoughts };
}

export async function attach({ actor, runId }: McpContext, args: Args<typeof attachInput>) {
  const { attachment, warnings } = await addAttachment(actor, runId, args.task, { type: args.type, content: args.content, mime: args.mime });
  const { content: _content, ...metadata } = serializeAttachment(attachment);
  return { ...metadata, ...(warnings.length ? { warnings } : {}) };
}

export async function attachments({ actor }: McpContext, args: Args<typeof listAttachmentsInput>) {
  const all = await listAttachments(actor, args.task);
  return { attachments: all.filter((attachment) => !args.type || attachment.type === args.type).map(serializeAttachment) };
}

export async function detach({ actor, runId }: McpContext, args: Args<typeof detachInput>) {
  return deleteAttachment(actor, runId, args.task, { id: args.id, type: args.type });
}

export async function logTaskMetrics({ actor, runId }: McpContext, args: Args<typeof logMetricsInput>) {
  return logMetrics(actor, runId, {
    task: args.task,
    costUsd: args.cost_usd,
    inputTokens: args.input_tokens,
    cachedInputTokens: args.cached_input_tokens,
    outputTokens: args.output_tokens,
    model: args.model,
  });
}

export async function getTaskMetrics({ actor }: McpContext, args: Args<typeof getMetricsInput>) {
  return taskMetrics(actor, listOf(args.task));
}

export async function markFile({ actor, runId }: McpContext, args: Args<typeof markFileInput>) {
  const result = await markFiles(actor, runId, { files: listOf(args.file), task: args.task, reason: args.reason });
  return { success: true, ...result };
}

export async function unmarkFile({ actor, runId }: McpContext, args: Args<typeof unmarkFileInput>) {
  const files = args.file === undefined ? undefined : args.file === "*" ? ("*" as const) : listOf(args.file);
  const result = await unmarkFiles(actor, runId, { files, task: args.task, reason: args.reason });
  return { success: true, ...result };
}

export async function listFileMarks({ actor }: McpContext, args: Args<typeof listMarksInput>) {
  const companyId = await companyFor(actor, args.company);
  const issueId = args.task ? (await findIssue(actor, args.task)).id : undefined;
  return { marks: await listMarks(actor, companyId, { issueId, workspaceId: args.workspace, agentId: args.agent, files: args.files }) };
}

/** The calling agent's cursor moves with each call, so this is for agents only. */
export async function fileMarkUpdates({ actor }: McpContext) {
  requireAgentActor(actor);
  return markUpdates(actor);
}
