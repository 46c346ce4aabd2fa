import { defineRoutes, operation } from "@/lib/api/route";
import { IMPORT_BODY_LIMIT_BYTES } from "@/lib/portability/export";
import { previewImport } from "@/lib/portability/apply";
import { companyParams } from "@/lib/schemas/common";
import { importCompanyBody } from "@/lib/schemas/portability";

export const { POST } = defineRoutes("/api/companies/{companyId}/imports/preview", {
  POST: operation({
    summary: "Preview a company import",
    description:
      "What applying the bundle (Switchboard's, or a Paperclip export) would create, what already exists in the target and the conflicts (prefix taken, agent names taken, unknown member emails, renumbered issues); `plan.alreadyImported` when this bundle was applied there before. Owners of the target; a new company needs an instance admin.",
    tags: ["companies"],
    auth: "board",
    params: companyParams,
    body: importCompanyBody,
    bodyLimitBytes: IMPORT_BODY_LIMIT_BYTES,
    errors: ["invalid_bundle", "unsupported_bundle_version", "issue_prefix_taken", "invalid_field", "instance_admin_required"],
    handler: ({ actor, params, body }) => previewImport(actor, params.companyId, body),
  }),
});
