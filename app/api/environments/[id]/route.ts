import { defineRoutes, operation } from "@/lib/api/route";
import { deleteEnvironment, getEnvironment, updateEnvironment } from "@/lib/environments/environments";
import { serializeEnvironment } from "@/lib/environments/serialize";
import { environmentParams, updateEnvironmentBody } from "@/lib/schemas/environments";

export const { GET, PATCH, DELETE } = defineRoutes("/api/environments/{id}", {
  GET: operation({
    summary: "Get an environment",
    description: "With usage: how many agents, projects, issues and open workspaces point at it.",
    tags: ["environments"],
    auth: "either",
    params: environmentParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => {
      const { environment, usage } = await getEnvironment(actor, params.id);
      return serializeEnvironment(environment, usage);
    },
  }),
  PATCH: operation({
    summary: "Update an environment",
    description: "Company owners only. The instance default can be edited but not archived.",
    tags: ["environments"],
    auth: "board",
    params: environmentParams,
    body: updateEnvironmentBody,
    errors: ["insufficient_role", "not_found", "environment_name_taken", "environment_default_not_archivable"],
    handler: async ({ actor, runId, params, body }) => serializeEnvironment(await updateEnvironment(actor, runId, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete an environment",
    description: "409 environment_in_use while anything points at it, environment_is_default for the instance default.",
    tags: ["environments"],
    auth: "board",
    params: environmentParams,
    errors: ["insufficient_role", "not_found", "environment_in_use", "environment_is_default"],
    handler: ({ actor, runId, params }) => deleteEnvironment(actor, runId, params.id),
  }),
});
