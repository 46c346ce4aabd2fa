import { defineRoutes, operation } from "@/lib/api/route";
import { createCompany, listCompanies } from "@/lib/companies/companies";
import { serializeCompany } from "@/lib/companies/serialize";
import { createCompanyBody, listCompaniesQuery } from "@/lib/schemas/companies";

export const { GET, POST } = defineRoutes("/api/companies", {
  GET: operation({
    summary: "List companies",
    description: "Companies the board caller belongs to; instance admins see all unless scope=accessible.",
    tags: ["companies"],
    auth: "board",
    query: listCompaniesQuery,
    handler: async ({ actor, query }) => (await listCompanies(actor, query)).map(serializeCompany),
  }),
  POST: operation({
    summary: "Create a company",
    description: "Instance admins only; the creator becomes owner.",
    tags: ["companies"],
    auth: "board",
    body: createCompanyBody,
    status: 201,
    errors: ["instance_admin_required", "issue_prefix_taken", "invalid_reference"],
    handler: async ({ actor, runId, body }) => serializeCompany(await createCompany(actor, runId, body)),
  }),
});
