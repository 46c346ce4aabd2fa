import "server-only";
import { createHash } from "node:crypto";
import { actorIds, type Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { createIdempotently } from "../db/idempotency";
import type { Issue, IssueHeldAction, IssueThreadInteraction, Prisma } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { Conflict, NotFound, Unprocessable } from "../errors";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { holdWhileFinalizing } from "../held-actions/hold";
import { findIssue, lockIssue } from "../issues/find";
import { CREATE_ISSUE_ERRORS } from "../issues/mutations";
import { ISSUE_WRITER_ERRORS, requireIssueWriter } from "../issues/ownership";
import { TERMINAL_STATUSES, type IssueStatus } from "../schemas/issues";
import type { CreateInteractionInput, SuggestTasksPayload } from "../schemas/interactions";
import { recordInteractionChange, wakeAfterResolution } from "./continuation";
import { payloadProblems, RESOLUTION_ERRORS, RESOLVER_ERRORS, requireResolver, resolutionFor, type ResolutionAction } from "./rules";
import { createSuggestedTasks, requireSuggestionReferences } from "./suggested-tasks";

/** Oldest first: the order they appear in the thread. */
export async function listInteractions(actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref);
  return db.issueThreadInteraction.findMany({ where: { issueId: issue.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Key order never matters: `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function interactionRequestHash(input: CreateInteractionInput): string {
  const { idempotencyKey: _key, ...request } = input;
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

type TargetedInput = Extract<CreateInteractionInput, { kind: "request_confirmation" | "request_checkbox_confirmation" }>;
type DocumentTarget = Extract<NonNullable<TargetedInput["payload"]["target"]>, { type: "issue_document" }>;

/** An issue_document target must name the latest revision of a document on this issue; the stored target is completed. */
async function resolveDocumentTarget(tx: Tx, issue: Issue, target: DocumentTarget) {
  const field = (name: string) => `body.payload.target.${name}`;
  if (target.issueId && target.issueId !== issue.id) throw Unprocessable.field(field("issueId"), "Must be this issue", "invalid_target");
  const link = await tx.issueDocument.findUnique({ where: { issueId_key: { issueId: issue.id, key: target.key } }, include: { document: true } });
  if (!link) throw Unprocessable.field(field("key"), `This issue has no document "${target.key}"`, "invalid_target");
  if (target.documentId && target.documentId !== link.documentId)
    throw Unprocessable.field(field("documentId"), `Not the id of document "${target.key}"`, "invalid_target");
  if (target.revisionId !== link.document.latestRevisionId) {
    throw new Unprocessable("request_confirmation target must reference the current issue document revision", "stale_target", {
      invalidParams: [
        { name: field("revisionId"), reason: `The latest revision is ${link.document.latestRevisionId} (number ${link.document.latestRevisionNumber})` },
      ],
      details: { currentRevisionId: link.document.latestRevisionId, currentRevisionNumber: link.document.latestRevisionNumber },
    });
  }
  return {
    target: { ...target, issueId: issue.id, documentId: link.documentId, revisionNumber: link.document.latestRevisionNumber },
    documentId: link.documentId,
  };
}

export const CREATE_INTERACTION_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  "invalid_reference",
  "idempotency_key_reused",
  "issue_closed",
  "invalid_target",
  "stale_target",
  "invalid_interaction_payload",
] as const satisfies readonly ErrorCode[];

/**
 * Asks a question in the thread. A repeated idempotency key with the same request returns the first interaction
 * (also when the repeats race each other: the issue row lock orders them and the unique index catches the losers);
 * the same key with a different request is a 409.
 */
export async function createInteraction(actor: Actor, requestRunId: string | null, ref: string, input: CreateInteractionInput) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const found = await findIssue(actor, ref);
  requireCompanyAccess(actor, found.companyId, "act");
  const requestHash = interactionRequestHash(input);
  const key = input.idempotencyKey ?? null;

  const findExisting = async () => {
    if (!key) return null;
    const existing = await db.issueThreadInteraction.findUnique({ where: { issueId_idempotencyKey: { issueId: found.id, idempotencyKey: key } } });
    if (existing && existing.requestHash !== requestHash) {
      throw new Conflict("Interaction idempotency key already exists for a different request", "idempotency_key_reused", {
        idempotencyKey: key,
        interactionId: existing.id,
      });
    }
    return existing;
  };

  const problems = payloadProblems(input);
  if (problems.length) throw new Unprocessable("The payload does not hold together", "invalid_interaction_payload", { invalidParams: problems });
  if (input.kind === "suggest_tasks") await requireSuggestionReferences(found.companyId, input.payload);
  await requireCompanyReferences(found.companyId, [
    { field: "body.addresseeAgentId", model: "agent", ids: [input.addresseeAgentId] },
    { field: "body.addresseeUserId", model: "user", ids: [input.addresseeUserId] },
    { field: "body.sourceCommentId", model: "comment", ids: [input.sourceCommentId] },
    { field: "body.sourceRunId", model: "heartbeatRun", ids: [input.sourceRunId] },
  ]);

  const { record, created } = await createIdempotently(key, findExisting, () =>
    db.$transaction(async (tx) => {
      const issue = await lockIssue(tx, actor, found.id);
      // A question is thread talk, open to any agent; only a duplicate run of the holder is turned away.
      await requireIssueWriter(tx, issue, actor, runId, "comment");
      if (TERMINAL_STATUSES.includes(issue.status as IssueStatus))
        throw new Conflict("Cannot create an interaction on a closed issue", "issue_closed", { status: issue.status });
      let payload = input.payload as Prisma.InputJsonObject;
      let targetDocumentId: string | null = null;
      if ((input.kind === "request_confirmation" || input.kind === "request_checkbox_confirmation") && input.payload.target?.type === "issue_document") {
        const resolved = await resolveDocumentTarget(tx, issue, input.payload.target);
        payload = { ...input.payload, target: resolved.target } as Prisma.InputJsonObject;
        targetDocumentId = resolved.documentId;
      }
      const who = actorIds(actor);
      const interaction = await tx.issueThreadInteraction.create({
        data: {
          companyId: issue.companyId,
          issueId: issue.id,
          kind: input.kind,
          continuationPolicy: input.continuationPolicy ?? (input.kind === "request_confirmation" ? "none" : "wake_assignee"),
          resolverPolicy: input.resolverPolicy ?? "board_only",
          addresseeAgentId: input.addresseeAgentId ?? null,
          addresseeUserId: input.addresseeUserId ?? null,
          idempotencyKey: key,
          requestHash,
          title: input.title ?? null,
          summary: input.summary ?? null,
          payload,
          targetDocumentId,
          sourceCommentId: input.sourceCommentId ?? null,
          sourceRunId: input.sourceRunId ?? runId,
          createdByAgentId: who.agentId,
          createdByUserId: who.userId,
          runId,
        },
      });
      await recordInteractionChange(tx, actor, runId, issue, interaction, "created");
      return interaction;
    }),
  );
  return { interaction: record, created };
}

export const RESOLVE_INTERACTION_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  ...RESOLVER_ERRORS,
  ...RESOLUTION_ERRORS,
  ...CREATE_ISSUE_ERRORS,
  "interaction_resolved",
] as const satisfies readonly ErrorCode[];

/**
 * The one place an interaction is decided. The decision is a conditional update (`status = 'pending'`), so of two
 * resolvers exactly one wins and the other gets 409. A confirmation never outlives its document revision: every new
 * revision expires it under the same issue lock (lib/interactions/expire.ts), so accepting it afterwards is that 409.
 * Accepted suggested tasks become child issues in the same transaction: all of them with the decision, or none.
 */
export async function resolveInteraction(
  actor: Actor,
  requestRunId: string | null,
  ref: string,
  interactionId: string,
  action: ResolutionAction,
  options: { settled?: boolean } = {},
) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  return db.$transaction(async (tx): Promise<{ interaction: IssueThreadInteraction; held: IssueHeldAction | null }> => {
    const issue = await lockIssue(tx, actor, ref);
    requireCompanyAccess(actor, issue.companyId, "act");
    const interaction = await tx.issueThreadInteraction.findFirst({ where: { id: interactionId, issueId: issue.id } });
    if (!interaction) throw new NotFound("Interaction");
    requireResolver(interaction, actor, action.type);
    if (interaction.status !== "pending") throw alreadyResolved(interaction);
    const resolution = resolutionFor(interaction, action);
    // An acceptance waits for the issue's workspace to finish finalizing; a repeat while it waits is the same hold.
    // Suggested tasks only open new issues and move no code, so they are created at once (as Paperclip does).
    if (action.type === "accept" && !options.settled && interaction.kind !== "suggest_tasks") {
      const held = await holdWhileFinalizing(tx, {
        issue,
        kind: "interaction_accept",
        workspaceId: issue.executionWorkspaceId,
        payload: { interactionId: interaction.id, ...(action.selectedOptionIds ? { selectedOptionIds: action.selectedOptionIds } : {}) },
        sameAs: { payload: { path: ["interactionId"], equals: interaction.id } },
        actor,
        runId,
      });
      if (held) return { interaction, held };
    }
    const result = resolution.tasks
      ? {
          ...resolution.result,
          createdTasks: await createSuggestedTasks(tx, actor, runId, issue, interaction.payload as SuggestTasksPayload, resolution.tasks),
        }
      : resolution.result;
    const who = actorIds(actor);
    const { count } = await tx.issueThreadInteraction.updateMany({
      where: { id: interaction.id, status: "pending" },
      data: { status: resolution.status, result, resolvedAt: new Date(), resolvedByAgentId: who.agentId, resolvedByUserId: who.userId },
    });
    if (count === 0) throw alreadyResolved(await tx.issueThreadInteraction.findUniqueOrThrow({ where: { id: interaction.id } }));
    const resolved = await tx.issueThreadInteraction.findUniqueOrThrow({ where: { id: interaction.id } });
    await recordInteractionChange(tx, actor, runId, issue, resolved, action.type === "withdraw" ? "withdrawn" : resolution.status);
    await wakeAfterResolution(tx, actor, runId, issue, resolved);
    return { interaction: resolved, held: null };
  });
}

function alreadyResolved(interaction: IssueThreadInteraction) {
  return new Conflict("Interaction has already been resolved", "interaction_resolved", {
    interactionId: interaction.id,
    status: interaction.status,
    result: interaction.result,
  });
}
