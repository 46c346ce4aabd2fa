import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { workflowBody } from "@/lib/schemas/workflow";
import { getWorkflow, putWorkflow } from "@/lib/workflow/workflows";

export const { GET, PUT } = defineRoutes("/api/companies/{companyId}/workflow", {
  GET: operation({
    summary: "Get the company's workflow",
    description: "The YAML in force (`origin`: company or default) with its parsed states, phases, attachment types and gates.",
    tags: ["workflow"],
    auth: "either",
    params: companyParams,
    errors: ["board_required", "insufficient_role"],
    handler: ({ actor, params }) => getWorkflow(actor, { companyId: params.companyId }),
  }),
  PUT: operation({
    summary: "Replace the company's workflow (owners)",
    description: "422 `invalid_workflow` lists every problem with its YAML path and line.",
    tags: ["workflow"],
    auth: "board",
    params: companyParams,
    body: workflowBody,
    errors: ["invalid_workflow"],
    handler: ({ actor, params, body }) => putWorkflow(actor, { companyId: params.companyId }, body.source),
  }),
});
