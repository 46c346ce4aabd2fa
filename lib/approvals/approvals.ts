import "server-only";
import { recordActivity } from "../activity/record";
import { HIRE_DECISION_ERRORS, applyHireDecision } from "../agents/hiring";
import { actorIds, type Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, companyScope, requireBoard, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { Approval, ApprovalComment, Prisma } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { Forbidden, NotFound, Unprocessable, zodIssuesToInvalidParams } from "../errors";
import { publishEvent } from "../events/publish";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { findIssue } from "../issues/find";
import { boardApprovalPayload, type ApprovalStatus, type CreateApprovalInput } from "../schemas/approvals";
import { requestWakeup, type WakeReason } from "../wakeups/request";

export function serializeApproval(approval: Approval) {
  return {
    id: approval.id,
    companyId: approval.companyId,
    type: approval.type,
    requestedByAgentId: approval.requestedByAgentId,
    requestedByUserId: approval.requestedByUserId,
    status: approval.status,
    payload: approval.payload,
    decisionNote: approval.decisionNote,
    decidedByUserId: approval.decidedByUserId,
    decidedAt: approval.decidedAt?.toISOString() ?? null,
    createdAt: approval.createdAt.toISOString(),
    updatedAt: approval.updatedAt.toISOString(),
  };
}

export function serializeApprovalComment(comment: ApprovalComment) {
  return {
    id: comment.id,
    companyId: comment.companyId,
    approvalId: comment.approvalId,
    authorAgentId: comment.authorAgentId,
    authorUserId: comment.authorUserId,
    body: comment.body,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
  };
}

/** Newest first. */
export async function listApprovals(actor: Actor, companyId: string, query: { status?: ApprovalStatus[]; limit?: number }) {
  return db.approval.findMany({
    where: { companyId, ...(query.status ? { status: { in: query.status } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit ?? 200,
  });
}

export async function getApproval(actor: Actor, id: string, client: Tx | typeof db = db) {
  const approval = await client.approval.findFirst({ where: { id, ...companyScope(actor) } });
  if (!approval) throw new NotFound("Approval");
  return approval;
}

/** A board approval request has to say what is being decided; other types carry their own payloads. */
function checkPayload(input: CreateApprovalInput): Prisma.InputJsonObject {
  if (input.type !== "request_board_approval") return input.payload as Prisma.InputJsonObject;
  const parsed = boardApprovalPayload.safeParse(input.payload);
  if (!parsed.success)
    throw new Unprocessable("The approval payload is incomplete", "invalid_payload", { invalidParams: zodIssuesToInvalidParams("body.payload", parsed.error) });
  return parsed.data as Prisma.InputJsonObject;
}

export const CREATE_APPROVAL_ERRORS = [
  ...AGENT_RUN_ERRORS,
  "requester_mismatch",
  "invalid_payload",
  "invalid_reference",
] as const satisfies readonly ErrorCode[];

/** Agents ask as themselves; board users may file a request on an agent's behalf. Linked issues must be the company's. */
export async function createApproval(actor: Actor, requestRunId: string | null, companyId: string, input: CreateApprovalInput) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  if (actor.type === "agent" && input.requestedByAgentId && input.requestedByAgentId !== actor.agentId) {
    throw new Forbidden("Agents request approvals as themselves", "requester_mismatch");
  }
  const payload = checkPayload(input);
  const issueIds = [...new Set(input.issueIds ?? [])];
  await requireCompanyReferences(companyId, [
    { field: "body.requestedByAgentId", model: "agent", ids: [input.requestedByAgentId] },
    { field: "body.issueIds", model: "issue", ids: issueIds },
  ]);
  const who = actorIds(actor);
  return db.$transaction(async (tx) => {
    const approval = await tx.approval.create({
      data: { companyId, type: input.type, payload, requestedByAgentId: who.agentId ?? input.requestedByAgentId ?? null, requestedByUserId: who.userId },
    });
    if (issueIds.length)
      await tx.issueApproval.createMany({
        data: issueIds.map((issueId) => ({ issueId, approvalId: approval.id, companyId, linkedByAgentId: who.agentId, linkedByUserId: who.userId })),
      });
    await recordApprovalChange(tx, actor, runId, approval, "approval.created", { issueIds });
    return approval;
  });
}

export type ApprovalDecision = "approve" | "reject" | "request_revision";

const DECISIONS: Record<ApprovalDecision, { status: ApprovalStatus; from: ApprovalStatus[]; wake: WakeReason; verb: string }> = {
  approve: { status: "approved", from: ["pending", "revision_requested"], wake: "approval_approved", verb: "approved" },
  reject: { status: "rejected", from: ["pending", "revision_requested"], wake: "approval_rejected", verb: "rejected" },
  request_revision: { status: "revision_requested", from: ["pending"], wake: "approval_revision_requested", verb: "sent back for revision" },
};

/** What a decision sets in motion beyond the approval itself, by approval type, inside the decision's transaction. */
const DECISION_EFFECTS: Partial<Record<string, (tx: Tx, actor: Actor, approval: Approval) => Promise<void>>> = { hire_agent: applyHireDecision };

export const DECIDE_APPROVAL_ERRORS = [...COMPANY_ACCESS_ERRORS, ...HIRE_DECISION_ERRORS, "approval_not_pending"] as const satisfies readonly ErrorCode[];

/**
 * Board decisions. The update is conditional on the status it starts from, so two deciders cannot both win; repeating
 * the decision that already stands answers 200 without side effects, a contrary one 422. Each decision wakes the
 * requesting agent with the note.
 */
export async function decideApproval(actor: Actor, id: string, decision: ApprovalDecision, note: string | null | undefined) {
  requireBoard(actor);
  const rule = DECISIONS[decision];
  return db.$transaction(async (tx) => {
    const approval = await getApproval(actor, id, tx);
    requireCompanyAccess(actor, approval.companyId, "act");
    const { count } = await tx.approval.updateMany({
      where: { id: approval.id, status: { in: rule.from } },
      data: { status: rule.status, decisionNote: note ?? null, decidedByUserId: actor.userId, decidedAt: new Date() },
    });
    const current = await tx.approval.findUniqueOrThrow({ where: { id: approval.id } });
    if (count === 0) {
      if (current.status === rule.status && decision !== "request_revision") return current;
      throw new Unprocessable(
        `Only ${rule.from.join(" or ").replace("_", " ")} approvals can be ${rule.verb}; this one is ${current.status.replace("_", " ")}`,
        "approval_not_pending",
        {
          details: { status: current.status },
        },
      );
    }
    await recordApprovalChange(tx, actor, null, current, `approval.${rule.status}`, { decisionNote: note ?? null });
    await DECISION_EFFECTS[current.type]?.(tx, actor, current);
    await wakeRequester(tx, actor, null, current, rule.wake, { decisionNote: current.decisionNote });
    return current;
  });
}

export const RESUBMIT_APPROVAL_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  "not_requester",
  "invalid_payload",
  "approval_not_in_revision",
] as const satisfies readonly ErrorCode[];

/** After a revision request, the requester (or the board) sends it back to pending, optionally with a new payload. */
export async function resubmitApproval(actor: Actor, requestRunId: string | null, id: string, payload: Record<string, unknown> | undefined) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  return db.$transaction(async (tx) => {
    const approval = await getApproval(actor, id, tx);
    requireCompanyAccess(actor, approval.companyId, "act");
    if (actor.type === "agent" && approval.requestedByAgentId !== actor.agentId)
      throw new Forbidden("Only the requesting agent or the board can resubmit", "not_requester");
    const nextPayload = payload === undefined ? undefined : checkPayload({ type: approval.type as CreateApprovalInput["type"], payload });
    const { count } = await tx.approval.updateMany({
      where: { id: approval.id, status: "revision_requested" },
      data: { status: "pending", decisionNote: null, decidedByUserId: null, decidedAt: null, ...(nextPayload ? { payload: nextPayload } : {}) },
    });
    if (count === 0)
      throw new Unprocessable(
        `Only approvals sent back for revision can be resubmitted; this one is ${approval.status.replace("_", " ")}`,
        "approval_not_in_revision",
        { details: { status: approval.status } },
      );
    const current = await tx.approval.findUniqueOrThrow({ where: { id: approval.id } });
    await recordApprovalChange(tx, actor, runId, current, "approval.resubmitted");
    return current;
  });
}

export async function listApprovalComments(actor: Actor, id: string) {
  const approval = await getApproval(actor, id);
  return db.approvalComment.findMany({ where: { approvalId: approval.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export const ADD_APPROVAL_COMMENT_ERRORS = [...AGENT_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS] as const satisfies readonly ErrorCode[];

/** A board member's comment is feedback the requester should hear, so it wakes the requesting agent. */
export async function addApprovalComment(actor: Actor, requestRunId: string | null, id: string, body: string) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  return db.$transaction(async (tx) => {
    const approval = await getApproval(actor, id, tx);
    requireCompanyAccess(actor, approval.companyId, "act");
    const who = actorIds(actor);
    const comment = await tx.approvalComment.create({
      data: { companyId: approval.companyId, approvalId: approval.id, body, authorAgentId: who.agentId, authorUserId: who.userId },
    });
    await recordApprovalChange(tx, actor, runId, approval, "approval.comment_added", { commentId: comment.id });
    if (actor.type === "board") await wakeRequester(tx, actor, runId, approval, "approval_commented", { commentId: comment.id, commentBody: body });
    return comment;
  });
}

/** Linked issues, most recently linked first. */
export async function listApprovalIssues(actor: Actor, id: string) {
  const approval = await getApproval(actor, id);
  const links = await db.issueApproval.findMany({ where: { approvalId: approval.id }, include: { issue: true }, orderBy: { createdAt: "desc" } });
  return links.map((link) => link.issue);
}

export async function listIssueApprovals(actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref);
  const links = await db.issueApproval.findMany({ where: { issueId: issue.id }, include: { approval: true }, orderBy: { createdAt: "asc" } });
  return links.map((link) => link.approval);
}

/** Linking is idempotent. Board users link any approval of the company; an agent only approvals it requested. */
export async function linkIssueApproval(actor: Actor, ref: string, approvalId: string) {
  const issue = await findIssue(actor, ref);
  requireCompanyAccess(actor, issue.companyId, "act");
  const approval = await getApproval(actor, approvalId);
  if (approval.companyId !== issue.companyId)
    throw Unprocessable.field("body.approvalId", "Issue and approval must belong to the same company", "invalid_reference");
  if (actor.type === "agent" && approval.requestedByAgentId !== actor.agentId)
    throw new Forbidden("Agents may link only approvals they requested", "not_requester");
  const who = actorIds(actor);
  await db.$transaction(async (tx) => {
    const { count } = await tx.issueApproval.createMany({
      data: [{ issueId: issue.id, approvalId, companyId: issue.companyId, linkedByAgentId: who.agentId, linkedByUserId: who.userId }],
      skipDuplicates: true,
    });
    if (count) await recordApprovalChange(tx, actor, null, approval, "approval.issue_linked", { issueId: issue.id });
  });
  return listIssueApprovals(actor, issue.id);
}

export async function unlinkIssueApproval(actor: Actor, ref: string, approvalId: string) {
  requireBoard(actor);
  const issue = await findIssue(actor, ref);
  requireCompanyAccess(actor, issue.companyId, "act");
  await db.$transaction(async (tx) => {
    const { count } = await tx.issueApproval.deleteMany({ where: { issueId: issue.id, approvalId } });
    if (count === 0) throw new NotFound("Approval link");
    await recordActivity(tx, actor, null, {
      companyId: issue.companyId,
      action: "approval.issue_unlinked",
      entityType: "approval",
      entityId: approvalId,
      details: { issueId: issue.id },
    });
    await publishEvent(tx, { companyId: issue.companyId, type: "approval.issue_unlinked", entityType: "approval", entityId: approvalId, issueId: issue.id });
  });
  return { ok: true as const };
}

async function wakeRequester(tx: Tx, actor: Actor, runId: string | null, approval: Approval, reason: WakeReason, extra: Prisma.InputJsonObject) {
  if (!approval.requestedByAgentId) return;
  const issueIds = (await tx.issueApproval.findMany({ where: { approvalId: approval.id }, select: { issueId: true }, orderBy: { createdAt: "asc" } })).map(
    (link) => link.issueId,
  );
  await requestWakeup(tx, actor, runId, {
    companyId: approval.companyId,
    agentId: approval.requestedByAgentId,
    reason,
    issueId: issueIds[0] ?? null,
    payload: { approvalId: approval.id, approvalStatus: approval.status, issueId: issueIds[0] ?? null, issueIds, ...extra },
  });
}

async function recordApprovalChange(tx: Tx, actor: Actor, runId: string | null, approval: Approval, action: string, details: Prisma.InputJsonObject = {}) {
  await recordActivity(tx, actor, runId, {
    companyId: approval.companyId,
    action,
    entityType: "approval",
    entityId: approval.id,
    details: { type: approval.type, status: approval.status, ...details },
  });
  await publishEvent(tx, { companyId: approval.companyId, type: action, entityType: "approval", entityId: approval.id });
}
