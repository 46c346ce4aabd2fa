import { z } from "zod";
import { documentKey } from "./documents";
import { issueRef } from "./issues";

export const INTERACTION_KINDS = ["request_confirmation", "ask_user_questions"] as const;
export const CONTINUATION_POLICIES = ["none", "wake_assignee", "wake_assignee_on_accept"] as const;
export const RESOLVER_POLICIES = ["anyone", "not_creator", "human_only", "board_or_agents", "board_only"] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export type ContinuationPolicy = (typeof CONTINUATION_POLICIES)[number];
export type ResolverPolicy = (typeof RESOLVER_POLICIES)[number];

export const interactionParams = z.strictObject({ id: issueRef, interactionId: z.uuid() });

const label = (max: number) => z.string().trim().min(1).max(max);

const issueDocumentTarget = z.strictObject({
  type: z.literal("issue_document"),
  label: label(120).nullable().optional(),
  href: label(2000).nullable().optional(),
  issueId: z.uuid().nullable().optional(),
  documentId: z.uuid().nullable().optional(),
  key: documentKey,
  revisionId: z.uuid(),
  revisionNumber: z.int().positive().nullable().optional(),
});

const customTarget = z.strictObject({
  type: z.literal("custom"),
  label: label(120).nullable().optional(),
  href: label(2000).nullable().optional(),
  key: label(120),
  revisionId: label(255).nullable().optional(),
  revisionNumber: z.int().positive().nullable().optional(),
});

export const confirmationPayload = z.strictObject({
  version: z.literal(1),
  prompt: label(1000),
  acceptLabel: label(80).nullable().optional(),
  rejectLabel: label(80).nullable().optional(),
  rejectRequiresReason: z.boolean().optional(),
  rejectReasonLabel: label(160).nullable().optional(),
  allowDeclineReason: z.boolean().optional(),
  declineReasonPlaceholder: label(240).nullable().optional(),
  detailsMarkdown: z.string().max(20_000).nullable().optional(),
  supersedeOnUserComment: z.boolean().optional(),
  target: z.discriminatedUnion("type", [issueDocumentTarget, customTarget]).nullable().optional(),
});

const questionOption = z.strictObject({
  id: label(160),
  label: label(1000),
  description: z.string().max(4000).nullable().optional(),
  freeText: z.boolean().optional(),
});

export const questionsPayload = z.strictObject({
  version: z.literal(1),
  title: z.string().max(240).nullable().optional(),
  submitLabel: z.string().max(120).nullable().optional(),
  supersedeOnUserComment: z.boolean().optional(),
  questions: z
    .array(
      z.strictObject({
        id: label(160),
        prompt: label(4000),
        helpText: z.string().max(4000).nullable().optional(),
        selectionMode: z.enum(["single", "multi"]),
        required: z.boolean().optional(),
        allowOther: z.boolean().optional(),
        options: z.array(questionOption).max(50),
      }),
    )
    .min(1)
    .max(20),
});

const common = {
  idempotencyKey: z.string().trim().min(1).max(255).nullable().optional().describe("Same key + same request returns the first interaction"),
  continuationPolicy: z.enum(CONTINUATION_POLICIES).optional().describe("Whether resolving wakes the assignee"),
  resolverPolicy: z.enum(RESOLVER_POLICIES).optional().describe("Who may resolve it (default: board users only)"),
  addresseeAgentId: z.uuid().nullable().optional(),
  addresseeUserId: z.uuid().nullable().optional(),
  sourceCommentId: z.uuid().nullable().optional(),
  sourceRunId: z.uuid().nullable().optional(),
  title: z.string().trim().max(240).nullable().optional(),
  summary: z.string().trim().max(1000).nullable().optional(),
};

export const createInteractionBody = z.discriminatedUnion("kind", [
  z.strictObject({ ...common, kind: z.literal("request_confirmation"), payload: confirmationPayload }),
  z.strictObject({ ...common, kind: z.literal("ask_user_questions"), payload: questionsPayload }),
]);

export const acceptInteractionBody = z.strictObject({
  rememberAction: z.boolean().optional(),
  selectedClientKeys: z.array(label(120)).optional(),
  selectedOptionIds: z.array(label(120)).optional(),
});

export const reasonBody = z.strictObject({ reason: z.string().trim().max(4000).optional() });

export const respondInteractionBody = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        questionId: label(160),
        optionIds: z.array(label(160)).max(50),
        otherText: z.string().max(4000).nullable().optional(),
      }),
    )
    .max(20),
  summaryMarkdown: z.string().max(20_000).nullable().optional(),
});

export type CreateInteractionInput = z.output<typeof createInteractionBody>;
export type ConfirmationPayload = z.output<typeof confirmationPayload>;
export type QuestionsPayload = z.output<typeof questionsPayload>;
export type RespondInteractionInput = z.output<typeof respondInteractionBody>;
