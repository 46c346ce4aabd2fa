import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { workflowBody } from "@/lib/schemas/workflow";
import { validateWorkflowSource } from "@/lib/workflow/workflows";

export const { POST } = defineRoutes("/api/companies/{companyId}/workflow/validate", {
  POST: operation({
    summary: "Check a workflow without saving it",
    description: "Always 200: `{valid, problems:[{path, message, line}], workflow}`.",
    tags: ["workflow"],
    auth: "either",
    params: companyParams,
    body: workflowBody,
    handler: ({ body }) => validateWorkflowSource(body.source),
  }),
});
