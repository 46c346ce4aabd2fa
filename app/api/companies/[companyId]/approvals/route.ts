import { defineRoutes, operation } from "@/lib/api/route";
import { CREATE_APPROVAL_ERRORS, createApproval, listApprovals, serializeApproval } from "@/lib/approvals/approvals";
import { createApprovalBody, listApprovalsQuery } from "@/lib/schemas/approvals";
import { companyParams } from "@/lib/schemas/common";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/approvals", {
  GET: operation({
    summary: "List approvals",
    description: "Newest first; `status` filters (comma-separated).",
    tags: ["approvals"],
    auth: "either",
    params: companyParams,
    query: listApprovalsQuery,
    handler: async ({ actor, params, query }) => (await listApprovals(actor, params.companyId, query)).map(serializeApproval),
  }),
  POST: operation({
    summary: "Request a board approval",
    description: "request_board_approval needs payload.title (summary, recommendedAction, risks[] recommended). issueIds links it into those threads.",
    tags: ["approvals"],
    auth: "either",
    params: companyParams,
    body: createApprovalBody,
    status: 201,
    errors: CREATE_APPROVAL_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeApproval(await createApproval(actor, runId, params.companyId, body)),
  }),
});
