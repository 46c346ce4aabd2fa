import { defineRoutes, operation } from "@/lib/api/route";
import { createEnvironment, listEnvironments } from "@/lib/environments/environments";
import { serializeEnvironment } from "@/lib/environments/serialize";
import { companyParams } from "@/lib/schemas/common";
import { createEnvironmentBody, listEnvironmentsQuery } from "@/lib/schemas/environments";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/environments", {
  GET: operation({
    summary: "List environments",
    description: "The instance default (this host, made on first use) first, then by name; archived ones with includeArchived=true.",
    tags: ["environments"],
    auth: "either",
    params: companyParams,
    query: listEnvironmentsQuery,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params, query }) =>
      (await listEnvironments(actor, params.companyId, query)).map((environment) => serializeEnvironment(environment)),
  }),
  POST: operation({
    summary: "Create an environment",
    description: "Company owners only: an environment's variables and PATH reach every command run in it.",
    tags: ["environments"],
    auth: "board",
    params: companyParams,
    body: createEnvironmentBody,
    status: 201,
    errors: ["environment_name_taken"],
    handler: async ({ actor, runId, params, body }) => serializeEnvironment(await createEnvironment(actor, runId, params.companyId, body)),
  }),
});
