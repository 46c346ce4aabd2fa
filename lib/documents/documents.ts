import "server-only";
import { recordActivity } from "../activity/record";
import { actorIds, type Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireBoard, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { Document, DocumentRevision, Issue } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, NotFound } from "../errors";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { expireConfirmationsForDocument } from "../interactions/expire";
import { findIssue, lockIssue } from "../issues/find";
import { ISSUE_WRITER_ERRORS, requireIssueWriter } from "../issues/ownership";
import { publishIssueEvent } from "../events/publish";
import type { PutDocumentInput } from "../schemas/documents";

type IssueDocumentRow = Document & { key: string; issueId: string };

export function serializeDocument(document: IssueDocumentRow) {
  return {
    id: document.id,
    documentId: document.id,
    companyId: document.companyId,
    issueId: document.issueId,
    key: document.key,
    title: document.title,
    format: document.format,
    body: document.latestBody,
    latestRevisionId: document.latestRevisionId,
    latestRevisionNumber: document.latestRevisionNumber,
    createdByAgentId: document.createdByAgentId,
    createdByUserId: document.createdByUserId,
    updatedByAgentId: document.updatedByAgentId,
    updatedByUserId: document.updatedByUserId,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

export function serializeRevision(revision: DocumentRevision, link: { issueId: string; key: string }) {
  return {
    id: revision.id,
    companyId: revision.companyId,
    documentId: revision.documentId,
    issueId: link.issueId,
    key: link.key,
    revisionNumber: revision.revisionNumber,
    title: revision.title,
    format: revision.format,
    body: revision.body,
    changeSummary: revision.changeSummary,
    createdByAgentId: revision.createdByAgentId,
    createdByUserId: revision.createdByUserId,
    runId: revision.runId,
    createdAt: revision.createdAt.toISOString(),
  };
}

async function findDocument(client: Tx | typeof db, issueId: string, key: string): Promise<IssueDocumentRow | null> {
  const link = await client.issueDocument.findUnique({ where: { issueId_key: { issueId, key } }, include: { document: true } });
  return link ? { ...link.document, key: link.key, issueId: link.issueId } : null;
}

async function requireDocument(client: Tx | typeof db, issueId: string, key: string) {
  const document = await findDocument(client, issueId, key);
  if (!document) throw new NotFound("Document");
  return document;
}

/** Every document on the issue, key order, with bodies. */
export async function listIssueDocuments(actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref);
  const links = await db.issueDocument.findMany({ where: { issueId: issue.id }, include: { document: true }, orderBy: { key: "asc" } });
  return links.map((link) => ({ ...link.document, key: link.key, issueId: link.issueId }));
}

export async function getIssueDocument(actor: Actor, ref: string, key: string) {
  const issue = await findIssue(actor, ref);
  return requireDocument(db, issue.id, key);
}

/** Newest first. */
export async function listDocumentRevisions(actor: Actor, ref: string, key: string) {
  const issue = await findIssue(actor, ref);
  const document = await requireDocument(db, issue.id, key);
  const revisions = await db.documentRevision.findMany({ where: { documentId: document.id }, orderBy: { revisionNumber: "desc" } });
  return { revisions, link: { issueId: issue.id, key } };
}

/** The run header, then lockForDocumentWrite. */
const DOCUMENT_WRITE_ERRORS = [...AGENT_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS, ...ISSUE_WRITER_ERRORS] as const satisfies readonly ErrorCode[];

/** Document writes go one at a time per issue (revision numbers never collide) and respect the issue's run lock. */
async function lockForDocumentWrite(tx: Tx, actor: Actor, ref: string, runId: string | null) {
  const issue = await lockIssue(tx, actor, ref);
  requireCompanyAccess(actor, issue.companyId, "act");
  await requireIssueWriter(tx, issue, actor, runId, "change");
  return issue;
}

type RevisionContent = { title: string | null; format: string; body: string; changeSummary: string | null };

/**
 * Appends a revision and moves the document's latest pointers, then expires confirmations that asked about an older
 * revision. Runs under the issue's row lock, so revision numbers never collide.
 */
async function appendRevision(tx: Tx, actor: Actor, runId: string | null, issue: Issue, document: IssueDocumentRow, content: RevisionContent) {
  const who = actorIds(actor);
  const revision = await tx.documentRevision.create({
    data: {
      companyId: issue.companyId,
      documentId: document.id,
      revisionNumber: document.latestRevisionNumber + 1,
      ...content,
      createdByAgentId: who.agentId,
      createdByUserId: who.userId,
      runId,
    },
  });
  const updated = await tx.document.update({
    where: { id: document.id },
    data: {
      title: content.title,
      format: content.format,
      latestBody: content.body,
      latestRevisionId: revision.id,
      latestRevisionNumber: revision.revisionNumber,
      updatedByAgentId: who.agentId,
      updatedByUserId: who.userId,
    },
  });
  await expireConfirmationsForDocument(tx, actor, runId, issue, {
    documentId: document.id,
    key: document.key,
    revisionId: revision.id,
    revisionNumber: revision.revisionNumber,
  });
  return { ...updated, key: document.key, issueId: issue.id };
}

export const PUT_ISSUE_DOCUMENT_ERRORS = [
  ...DOCUMENT_WRITE_ERRORS,
  "document_not_found",
  "document_base_revision_required",
  "document_revision_conflict",
] as const satisfies readonly ErrorCode[];

/**
 * Creates the document (revision 1) or appends a revision. Updating needs `baseRevisionId` equal to the latest revision,
 * so two editors never overwrite each other silently. Saving identical content is a no-op: a retried PUT must not
 * make a pending confirmation of that revision stale.
 */
export async function putIssueDocument(actor: Actor, requestRunId: string | null, ref: string, key: string, input: PutDocumentInput) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return db.$transaction(async (tx) => {
    const issue = await lockForDocumentWrite(tx, actor, ref, runId);
    const existing = await findDocument(tx, issue.id, key);
    const content: RevisionContent = { title: input.title ?? null, format: input.format, body: input.body, changeSummary: input.changeSummary ?? null };

    if (!existing) {
      if (input.baseRevisionId) throw new Conflict("Document does not exist yet", "document_not_found", { key });
      const who = actorIds(actor);
      const created = await tx.document.create({
        data: {
          companyId: issue.companyId,
          title: content.title,
          format: content.format,
          latestBody: "",
          createdByAgentId: who.agentId,
          createdByUserId: who.userId,
        },
      });
      await tx.issueDocument.create({ data: { companyId: issue.companyId, issueId: issue.id, documentId: created.id, key } });
      const document = await appendRevision(tx, actor, runId, issue, { ...created, key, issueId: issue.id }, content);
      await recordDocumentActivity(tx, actor, runId, issue, document, "issue.document_created");
      return { document, created: true };
    }

    if (!input.baseRevisionId) {
      throw new Conflict("Document update requires baseRevisionId", "document_base_revision_required", {
        currentRevisionId: existing.latestRevisionId,
        currentRevisionNumber: existing.latestRevisionNumber,
      });
    }
    if (input.baseRevisionId !== existing.latestRevisionId) {
      throw new Conflict("Document was updated by someone else", "document_revision_conflict", {
        currentRevisionId: existing.latestRevisionId,
        currentRevisionNumber: existing.latestRevisionNumber,
      });
    }
    if (existing.latestBody === content.body && existing.title === content.title && existing.format === content.format)
      return { document: existing, created: false };
    const document = await appendRevision(tx, actor, runId, issue, existing, content);
    await recordDocumentActivity(tx, actor, runId, issue, document, "issue.document_updated");
    return { document, created: false };
  });
}

export const RESTORE_DOCUMENT_REVISION_ERRORS = [...DOCUMENT_WRITE_ERRORS, "revision_already_latest"] as const satisfies readonly ErrorCode[];

/** Makes an old revision the latest again by copying it into a new revision; history is never rewritten. */
export async function restoreDocumentRevision(actor: Actor, requestRunId: string | null, ref: string, key: string, revisionId: string) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return db.$transaction(async (tx) => {
    const issue = await lockForDocumentWrite(tx, actor, ref, runId);
    const existing = await requireDocument(tx, issue.id, key);
    const revision = await tx.documentRevision.findFirst({ where: { id: revisionId, documentId: existing.id } });
    if (!revision) throw new NotFound("Document revision");
    if (revision.id === existing.latestRevisionId)
      throw new Conflict("Selected revision is already the latest revision", "revision_already_latest", { currentRevisionId: existing.latestRevisionId });
    const document = await appendRevision(tx, actor, runId, issue, existing, {
      title: revision.title,
      format: revision.format,
      body: revision.body,
      changeSummary: `Restored from revision ${revision.revisionNumber}`,
    });
    await recordDocumentActivity(tx, actor, runId, issue, document, "issue.document_restored", { restoredRevisionId: revision.id });
    return document;
  });
}

/** Board only: agents revise documents but never remove them. Pending confirmations about it expire as stale. */
export async function deleteIssueDocument(actor: Actor, ref: string, key: string) {
  requireBoard(actor);
  return db.$transaction(async (tx) => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    const document = await requireDocument(tx, issue.id, key);
    await expireConfirmationsForDocument(tx, actor, null, issue, { documentId: document.id, key, revisionId: null, revisionNumber: null });
    await tx.document.delete({ where: { id: document.id } });
    await recordDocumentActivity(tx, actor, null, issue, document, "issue.document_deleted");
    return { ok: true as const };
  });
}

async function recordDocumentActivity(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  issue: Issue,
  document: IssueDocumentRow,
  action: string,
  extra: Record<string, string> = {},
) {
  await recordActivity(tx, actor, runId, {
    companyId: issue.companyId,
    action,
    entityType: "issue",
    entityId: issue.id,
    details: {
      identifier: issue.identifier,
      key: document.key,
      documentId: document.id,
      revisionId: document.latestRevisionId,
      revisionNumber: document.latestRevisionNumber,
      ...extra,
    },
  });
  await publishIssueEvent(tx, issue, action);
}
