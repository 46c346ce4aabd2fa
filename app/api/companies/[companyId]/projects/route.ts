import { createdOrReplayed, defineRoutes, operation } from "@/lib/api/route";
import { createProject, listProjects } from "@/lib/projects/projects";
import { serializeProject } from "@/lib/projects/serialize";
import { companyParams } from "@/lib/schemas/common";
import { createProjectBody } from "@/lib/schemas/projects";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/projects", {
  GET: operation({
    summary: "List projects in a company",
    tags: ["projects"],
    auth: "either",
    params: companyParams,
    handler: async ({ actor, params }) => (await listProjects(actor, params.companyId)).map(serializeProject),
  }),
  POST: operation({
    summary: "Create a project",
    description: "201 with the new project; a retry with the same idempotencyKey answers 200 with the first one.",
    tags: ["projects"],
    auth: "either",
    params: companyParams,
    body: createProjectBody,
    status: 201,
    errors: ["board_required", "invalid_reference"],
    handler: async ({ actor, runId, params, body }) => {
      const { project, created } = await createProject(actor, runId, params.companyId, body);
      return createdOrReplayed(serializeProject(project), created);
    },
  }),
});
