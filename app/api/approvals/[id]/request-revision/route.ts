import { defineRoutes, operation } from "@/lib/api/route";
import { DECIDE_APPROVAL_ERRORS, decideApproval, serializeApproval } from "@/lib/approvals/approvals";
import { approvalParams, decisionBody } from "@/lib/schemas/approvals";

export const { POST } = defineRoutes("/api/approvals/{id}/request-revision", {
  POST: operation({
    summary: "Send back for revision (board only)",
    description: "From pending only; wakes the requester (approval_revision_requested) with the note.",
    tags: ["approvals"],
    auth: "board",
    params: approvalParams,
    body: decisionBody,
    errors: DECIDE_APPROVAL_ERRORS,
    handler: async ({ actor, params, body }) => serializeApproval(await decideApproval(actor, params.id, "request_revision", body.decisionNote)),
  }),
});
