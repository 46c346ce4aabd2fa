import { defineRoutes, operation } from "@/lib/api/route";
import { deleteCompany, getCompany, updateCompany } from "@/lib/companies/companies";
import { serializeCompany } from "@/lib/companies/serialize";
import { companyParams } from "@/lib/schemas/common";
import { updateCompanyBody } from "@/lib/schemas/companies";

export const { GET, PATCH, DELETE } = defineRoutes("/api/companies/{companyId}", {
  GET: operation({
    summary: "Get a company",
    tags: ["companies"],
    auth: "either",
    params: companyParams,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params }) => serializeCompany(await getCompany(actor, params.companyId)),
  }),
  PATCH: operation({
    summary: "Update a company",
    description: "Company owners only.",
    tags: ["companies"],
    auth: "either",
    params: companyParams,
    body: updateCompanyBody,
    errors: ["board_required", "issue_prefix_taken", "invalid_reference"],
    handler: async ({ actor, runId, params, body }) => serializeCompany(await updateCompany(actor, runId, params.companyId, body)),
  }),
  DELETE: operation({
    summary: "Delete a company",
    description: "Company owners only; removes everything the company holds.",
    tags: ["companies"],
    auth: "board",
    params: companyParams,
    handler: ({ actor, params }) => deleteCompany(actor, params.companyId),
  }),
});
