import "server-only";
import { recordActivity } from "../activity/record";
import { actorIds, type Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { IssueAttachment } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { DomainError, NotFound, Unprocessable } from "../errors";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { findIssue, lockIssue } from "../issues/find";
import { ISSUE_WRITER_ERRORS, requireIssueWriter } from "../issues/ownership";
import { publishIssueEvent } from "../events/publish";
import { workflowFor } from "./workflows";

export const ATTACHMENT_MAX_BYTES = 256 * 1024;

export function serializeAttachment(attachment: IssueAttachment) {
  return {
    id: attachment.id,
    companyId: attachment.companyId,
    issueId: attachment.issueId,
    type: attachment.type,
    mime: attachment.mime,
    content: attachment.content,
    sizeBytes: attachment.sizeBytes,
    createdByAgentId: attachment.createdByAgentId,
    createdByUserId: attachment.createdByUserId,
    runId: attachment.runId,
    createdAt: attachment.createdAt.toISOString(),
  };
}

/** The attachment types an issue has at least one of: what gates look for. */
export async function presentAttachmentTypes(issueId: string, client: Tx | typeof db = db) {
  const rows = await client.issueAttachment.findMany({ where: { issueId }, select: { type: true }, distinct: ["type"] });
  return new Set(rows.map((row) => row.type));
}

/** Oldest first; the board groups them by type. */
export async function listAttachments(actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref);
  return db.issueAttachment.findMany({ where: { issueId: issue.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export const ADD_ATTACHMENT_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  "attachment_too_large",
  "unknown_attachment_type",
] as const satisfies readonly ErrorCode[];

/**
 * Adds typed evidence. The workflow says what each type is: `replace` keeps only the newest, `append` keeps history; an
 * unknown type is allowed, allowed with a warning, or refused (422) per `unknown_attachment`. Over 256 KiB is 413.
 */
export async function addAttachment(actor: Actor, requestRunId: string | null, ref: string, input: { type: string; content: string; mime?: string }) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const sizeBytes = Buffer.byteLength(input.content, "utf8");
  if (sizeBytes > ATTACHMENT_MAX_BYTES)
    throw new DomainError(413, "attachment_too_large", `Attachments are at most ${ATTACHMENT_MAX_BYTES} bytes; this one is ${sizeBytes}`);
  return db.$transaction(async (tx) => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    // Evidence is what gates read: adding or replacing it is a change to checked-out work like any other.
    await requireIssueWriter(tx, issue, actor, runId, "change");
    const workflow = await workflowFor({ companyId: issue.companyId, projectId: issue.projectId }, tx);
    const spec = workflow.attachmentTypes[input.type];
    const warnings: string[] = [];
    if (!spec) {
      const known = Object.keys(workflow.attachmentTypes).join(", ") || "none";
      if (workflow.unknownAttachment === "reject")
        throw Unprocessable.field("type", `Unknown attachment type "${input.type}"; this workflow knows: ${known}`, "unknown_attachment_type");
      if (workflow.unknownAttachment === "warn") warnings.push(`Unknown attachment type "${input.type}"; this workflow knows: ${known}`);
    }
    if (spec?.mode === "replace") await tx.issueAttachment.deleteMany({ where: { issueId: issue.id, type: input.type } });
    const who = actorIds(actor);
    const attachment = await tx.issueAttachment.create({
      data: {
        companyId: issue.companyId,
        issueId: issue.id,
        type: input.type,
        mime: input.mime ?? spec?.mime ?? "text/plain",
        content: input.content,
        sizeBytes,
        createdByAgentId: who.agentId,
        createdByUserId: who.userId,
        runId,
      },
    });
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: "issue.attachment_added",
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, attachmentId: attachment.id, type: input.type },
    });
    await publishIssueEvent(tx, issue, "issue.attachment_added");
    return { attachment, warnings };
  });
}

export const DELETE_ATTACHMENT_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  "invalid_field",
] as const satisfies readonly ErrorCode[];

/**
 * Removes evidence: one attachment by id (404 when it is not this issue's, or not of `type` when both are given), or
 * every attachment of a type. Removing what gates read is a change to checked-out work, under the same writer rule as
 * adding it.
 */
export async function deleteAttachment(actor: Actor, requestRunId: string | null, ref: string, target: { id?: string; type?: string }) {
  if (!target.id && !target.type) throw Unprocessable.field("id", "Name the attachment's id or a type to remove");
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return db.$transaction(async (tx) => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    await requireIssueWriter(tx, issue, actor, runId, "change");
    const { count: deleted } = await tx.issueAttachment.deleteMany({
      where: { issueId: issue.id, ...(target.id ? { id: target.id } : {}), ...(target.type ? { type: target.type } : {}) },
    });
    if (target.id && deleted === 0) throw new NotFound("Attachment");
    if (deleted === 0) return { deleted };
    await recordActivity(tx, actor, runId, {
      companyId: issue.companyId,
      action: "issue.attachment_removed",
      entityType: "issue",
      entityId: issue.id,
      details: { identifier: issue.identifier, attachmentId: target.id ?? null, type: target.type ?? null, deleted },
    });
    await publishIssueEvent(tx, issue, "issue.attachment_removed");
    return { deleted };
  });
}
