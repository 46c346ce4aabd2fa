import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { workflowBody } from "@/lib/schemas/workflow";
import { getWorkflow, validateWorkflowSource } from "@/lib/workflow/workflows";

export const { POST } = defineRoutes("/api/projects/{id}/workflow/validate", {
  POST: operation({
    summary: "Check a project workflow without saving it",
    description: "Always 200: `{valid, problems:[{path, message, line}], workflow}`.",
    tags: ["workflow"],
    auth: "either",
    params: idParams,
    body: workflowBody,
    errors: ["board_required", "insufficient_role", "not_found"],
    handler: async ({ actor, params, body }) => {
      await getWorkflow(actor, { projectId: params.id });
      return validateWorkflowSource(body.source);
    },
  }),
});
