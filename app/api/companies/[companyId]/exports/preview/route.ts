import { defineRoutes, operation } from "@/lib/api/route";
import { previewExport } from "@/lib/portability/export";
import { companyParams } from "@/lib/schemas/common";
import { exportCompanyBody } from "@/lib/schemas/portability";

export const { POST } = defineRoutes("/api/companies/{companyId}/exports/preview", {
  POST: operation({
    summary: "Preview a company export",
    description: "How many rows of each kind the bundle would hold, and what the export leaves out or scrubs (`warnings`). Owners only.",
    tags: ["companies"],
    auth: "board",
    params: companyParams,
    body: exportCompanyBody,
    handler: ({ actor, params }) => previewExport(actor, params.companyId),
  }),
});
