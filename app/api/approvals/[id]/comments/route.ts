import { defineRoutes, operation } from "@/lib/api/route";
import { ADD_APPROVAL_COMMENT_ERRORS, addApprovalComment, listApprovalComments, serializeApprovalComment } from "@/lib/approvals/approvals";
import { approvalCommentBody, approvalParams } from "@/lib/schemas/approvals";

export const { GET, POST } = defineRoutes("/api/approvals/{id}/comments", {
  GET: operation({
    summary: "List approval comments",
    description: "Oldest first.",
    tags: ["approvals"],
    auth: "either",
    params: approvalParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listApprovalComments(actor, params.id)).map(serializeApprovalComment),
  }),
  POST: operation({
    summary: "Comment on an approval",
    description: "A board user's comment wakes the requesting agent (approval_commented).",
    tags: ["approvals"],
    auth: "either",
    params: approvalParams,
    body: approvalCommentBody,
    status: 201,
    errors: ADD_APPROVAL_COMMENT_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeApprovalComment(await addApprovalComment(actor, runId, params.id, body.body)),
  }),
});
