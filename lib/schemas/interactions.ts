import { z } from "zod";
import { documentKey } from "./documents";
import { ISSUE_PRIORITIES, ISSUE_WORK_MODES, issueRef } from "./issues";

export const INTERACTION_KINDS = ["request_confirmation", "ask_user_questions", "suggest_tasks", "request_checkbox_confirmation"] as const;
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

const clientKey = label(120);

/** One proposed child issue; accepting creates it through the issue create path. Field names are Paperclip's. */
const suggestedTask = z.strictObject({
  clientKey: clientKey.describe("Unique within the interaction; names the task in selectedClientKeys and parentClientKey"),
  parentClientKey: clientKey.nullable().optional().describe("Nest under another suggested task (it must be accepted too)"),
  parentId: z.uuid().nullable().optional().describe("Parent issue when not the interaction's issue"),
  title: label(240),
  description: z.string().trim().max(20_000).nullable().optional(),
  priority: z.enum(ISSUE_PRIORITIES).nullable().optional(),
  workMode: z.enum(ISSUE_WORK_MODES).nullable().optional(),
  assigneeAgentId: z.uuid().nullable().optional(),
  assigneeUserId: z.uuid().nullable().optional(),
  projectId: z.uuid().nullable().optional(),
  goalId: z.uuid().nullable().optional(),
  billingCode: z.string().trim().max(120).nullable().optional(),
  labels: z.array(z.string().trim().min(1).max(48)).max(20).optional().describe("Label names of the company"),
  hiddenInPreview: z.boolean().optional(),
});

export const suggestTasksPayload = z.strictObject({
  version: z.literal(1),
  defaultParentId: z.uuid().nullable().optional().describe("Parent for tasks without parentId/parentClientKey (default: this issue)"),
  tasks: z.array(suggestedTask).min(1).max(50),
});

const checkboxOption = z.strictObject({
  id: label(120),
  label: label(120),
  description: z.string().trim().max(500).nullable().optional(),
  required: z.boolean().optional().describe("Accepting needs this box ticked"),
});

export const checkboxConfirmationPayload = z.strictObject({
  version: z.literal(1),
  prompt: label(1000),
  detailsMarkdown: z.string().max(20_000).nullable().optional(),
  options: z.array(checkboxOption).min(1).max(50),
  defaultSelectedOptionIds: z.array(label(120)).max(50).optional(),
  minSelected: z.int().min(0).optional(),
  maxSelected: z.int().min(0).nullable().optional(),
  acceptLabel: label(80).nullable().optional(),
  rejectLabel: label(80).nullable().optional(),
  rejectRequiresReason: z.boolean().optional(),
  rejectReasonLabel: label(160).nullable().optional(),
  allowDeclineReason: z.boolean().optional(),
  declineReasonPlaceholder: label(240).nullable().optional(),
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
  z.strictObject({ ...common, kind: z.literal("suggest_tasks"), payload: suggestTasksPayload }),
  z.strictObject({ ...common, kind: z.literal("request_checkbox_confirmation"), payload: checkboxConfirmationPayload }),
]);

export const acceptInteractionBody = z.strictObject({
  rememberAction: z.boolean().optional(),
  selectedClientKeys: z.array(clientKey).max(50).optional().describe("suggest_tasks: the tasks to create (default: all)"),
  selectedOptionIds: z.array(label(120)).max(50).optional().describe("request_checkbox_confirmation: the ticked boxes (default: defaultSelectedOptionIds)"),
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
export type SuggestTasksPayload = z.output<typeof suggestTasksPayload>;
export type SuggestedTask = SuggestTasksPayload["tasks"][number];
export type CheckboxConfirmationPayload = z.output<typeof checkboxConfirmationPayload>;
export type AcceptInteractionInput = z.output<typeof acceptInteractionBody>;
export type RespondInteractionInput = z.output<typeof respondInteractionBody>;
