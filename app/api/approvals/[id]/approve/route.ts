import { defineRoutes, operation } from "@/lib/api/route";
import { DECIDE_APPROVAL_ERRORS, decideApproval, serializeApproval } from "@/lib/approvals/approvals";
import { approvalParams, decisionBody } from "@/lib/schemas/approvals";

export const { POST } = defineRoutes("/api/approvals/{id}/approve", {
  POST: operation({
    summary: "Approve (board only)",
    description:
      "From pending or revision_requested. Repeating it answers 200 unchanged; a contrary decision is 422. Wakes the requester (approval_approved) with the note.",
    tags: ["approvals"],
    auth: "board",
    params: approvalParams,
    body: decisionBody,
    errors: DECIDE_APPROVAL_ERRORS,
    handler: async ({ actor, params, body }) => serializeApproval(await decideApproval(actor, params.id, "approve", body.decisionNote)),
  }),
});
