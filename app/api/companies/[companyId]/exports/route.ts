import { defineRoutes, operation } from "@/lib/api/route";
import { bundleResponse, exportCompany } from "@/lib/portability/export";
import { companyParams } from "@/lib/schemas/common";
import { exportCompanyBody, exportCompanyQuery } from "@/lib/schemas/portability";

export const { POST } = defineRoutes("/api/companies/{companyId}/exports", {
  POST: operation({
    summary: "Export a company as a bundle",
    description:
      "The whole company as one `switchboard.company` version 1 JSON document (agents without keys or secret env values, issues with threads, documents with every revision, approvals, routines without signing secrets); `gzip` answers application/gzip as a download. Owners only.",
    tags: ["companies"],
    auth: "board",
    params: companyParams,
    query: exportCompanyQuery,
    body: exportCompanyBody,
    errors: ["bundle_too_large"],
    handler: async ({ actor, params, query, body, runId }) =>
      bundleResponse(await exportCompany(actor, runId, params.companyId), body?.gzip ?? (query.gzip === "1" || query.gzip === "true")),
  }),
});
