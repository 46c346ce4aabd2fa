import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { workflowBody } from "@/lib/schemas/workflow";
import { getWorkflow, putWorkflow } from "@/lib/workflow/workflows";

export const { GET, PUT } = defineRoutes("/api/projects/{id}/workflow", {
  GET: operation({
    summary: "Get a project's workflow",
    description: "The project's own YAML, else the company's, else the default (`origin` says which).",
    tags: ["workflow"],
    auth: "either",
    params: idParams,
    errors: ["board_required", "insufficient_role", "not_found"],
    handler: ({ actor, params }) => getWorkflow(actor, { projectId: params.id }),
  }),
  PUT: operation({
    summary: "Replace a project's workflow (owners)",
    description: "422 `invalid_workflow` lists every problem with its YAML path and line.",
    tags: ["workflow"],
    auth: "board",
    params: idParams,
    body: workflowBody,
    errors: ["insufficient_role", "not_found", "invalid_workflow"],
    handler: ({ actor, params, body }) => putWorkflow(actor, { projectId: params.id }, body.source),
  }),
});
