import { defineRoutes, operation } from "@/lib/api/route";
import { RESUBMIT_APPROVAL_ERRORS, resubmitApproval, serializeApproval } from "@/lib/approvals/approvals";
import { approvalParams, resubmitBody } from "@/lib/schemas/approvals";

export const { POST } = defineRoutes("/api/approvals/{id}/resubmit", {
  POST: operation({
    summary: "Resubmit after a revision request",
    description: "By the requesting agent or the board; back to pending, with a new payload if one is sent.",
    tags: ["approvals"],
    auth: "either",
    params: approvalParams,
    body: resubmitBody,
    errors: RESUBMIT_APPROVAL_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeApproval(await resubmitApproval(actor, runId, params.id, body.payload)),
  }),
});
