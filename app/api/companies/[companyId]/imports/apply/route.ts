import { defineRoutes, operation } from "@/lib/api/route";
import { IMPORT_BODY_LIMIT_BYTES } from "@/lib/portability/export";
import { applyImport } from "@/lib/portability/apply";
import { companyParams } from "@/lib/schemas/common";
import { importCompanyBody } from "@/lib/schemas/portability";

export const { POST } = defineRoutes("/api/companies/{companyId}/imports/apply", {
  POST: operation({
    summary: "Apply a company import",
    description:
      "Creates the bundle's rows in the target (a new company, or the path's) in one transaction with new ids, keeping issue numbers and timestamps; webhook triggers get new secrets, listed once in `webhookSecrets`. Applying the same bundle to the same target again creates nothing (`created` all zero). Owners of the target; a new company needs an instance admin.",
    tags: ["companies"],
    auth: "board",
    params: companyParams,
    body: importCompanyBody,
    bodyLimitBytes: IMPORT_BODY_LIMIT_BYTES,
    errors: ["invalid_bundle", "unsupported_bundle_version", "issue_prefix_taken", "invalid_field", "instance_admin_required"],
    handler: ({ actor, params, body, runId }) => applyImport(actor, runId, params.companyId, body),
  }),
});
