import { defineRoutes, operation } from "@/lib/api/route";
import { getApproval, serializeApproval } from "@/lib/approvals/approvals";
import { approvalParams } from "@/lib/schemas/approvals";

export const { GET } = defineRoutes("/api/approvals/{id}", {
  GET: operation({
    summary: "Get an approval",
    tags: ["approvals"],
    auth: "either",
    params: approvalParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeApproval(await getApproval(actor, params.id)),
  }),
});
