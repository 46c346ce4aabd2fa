import { defineRoutes, operation } from "@/lib/api/route";
import { listApprovalIssues } from "@/lib/approvals/approvals";
import { serializeIssue } from "@/lib/issues/serialize";
import { approvalParams } from "@/lib/schemas/approvals";

export const { GET } = defineRoutes("/api/approvals/{id}/issues", {
  GET: operation({
    summary: "List issues linked to an approval",
    description: "Most recently linked first.",
    tags: ["approvals"],
    auth: "either",
    params: approvalParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listApprovalIssues(actor, params.id)).map((issue) => serializeIssue(issue)),
  }),
});
