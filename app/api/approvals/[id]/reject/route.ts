import { defineRoutes, operation } from "@/lib/api/route";
import { DECIDE_APPROVAL_ERRORS, decideApproval, serializeApproval } from "@/lib/approvals/approvals";
import { approvalParams, decisionBody } from "@/lib/schemas/approvals";

export const { POST } = defineRoutes("/api/approvals/{id}/reject", {
  POST: operation({
    summary: "Reject (board only)",
    description: "From pending or revision_requested; wakes the requester (approval_rejected) with the note.",
    tags: ["approvals"],
    auth: "board",
    params: approvalParams,
    body: decisionBody,
    errors: DECIDE_APPROVAL_ERRORS,
    handler: async ({ actor, params, body }) => serializeApproval(await decideApproval(actor, params.id, "reject", body.decisionNote)),
  }),
});
