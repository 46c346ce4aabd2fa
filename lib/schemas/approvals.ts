import { z } from "zod";
import { csvOf, jsonObject, uuid } from "./common";
import { issueRef } from "./issues";

export const APPROVAL_TYPES = ["hire_agent", "approve_ceo_strategy", "budget_override_required", "request_board_approval"] as const;
export const APPROVAL_STATUSES = ["pending", "revision_requested", "approved", "rejected", "cancelled"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const approvalParams = z.strictObject({ id: uuid.describe("Approval id") });
export const issueApprovalParams = z.strictObject({ id: issueRef, approvalId: z.uuid() });

/** The payload a `request_board_approval` must carry so the board can decide from it alone. */
export const boardApprovalPayload = z.looseObject({
  title: z.string().trim().min(1).max(240),
  summary: z.string().trim().max(10_000).optional(),
  recommendedAction: z.string().trim().max(10_000).optional(),
  risks: z.array(z.string().trim().min(1).max(2000)).max(50).optional(),
});

export const createApprovalBody = z.strictObject({
  type: z.enum(APPROVAL_TYPES),
  requestedByAgentId: z.uuid().nullable().optional().describe("Defaults to the calling agent"),
  payload: jsonObject,
  issueIds: z.array(z.uuid()).max(50).optional().describe("Issues whose thread shows this approval"),
});

export const listApprovalsQuery = z.strictObject({
  status: csvOf(APPROVAL_STATUSES).optional().describe("Comma-separated statuses"),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const decisionBody = z.strictObject({ decisionNote: z.string().trim().max(10_000).nullable().optional() });
export const resubmitBody = z.strictObject({ payload: jsonObject.optional() });
export const approvalCommentBody = z.strictObject({ body: z.string().trim().min(1, { error: "A comment needs text" }).max(100_000) });
export const linkApprovalBody = z.strictObject({ approvalId: z.uuid() });

export type CreateApprovalInput = z.output<typeof createApprovalBody>;
