import { defineRoutes, operation } from "@/lib/api/route";
import { CREATE_ROUTINE_ERRORS, createRoutine, listRoutines } from "@/lib/routines/routines";
import { serializeRoutine } from "@/lib/routines/serialize";
import { companyParams } from "@/lib/schemas/common";
import { createRoutineBody, listRoutinesQuery } from "@/lib/schemas/routines";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/routines", {
  GET: operation({
    summary: "List routines",
    description: "The company's routines (issue templates that fire on a schedule, a webhook or on demand), newest first, with triggers and last run.",
    tags: ["routines"],
    auth: "either",
    params: companyParams,
    query: listRoutinesQuery,
    handler: async ({ actor, params, query }) => (await listRoutines(actor, params.companyId, query)).map(serializeRoutine),
  }),
  POST: operation({
    summary: "Create a routine",
    description:
      "Board operators and owners; agents for routines assigned to themselves (the default when they name no assignee), or anyone's with permissions.canAssignTasks.",
    tags: ["routines"],
    auth: "either",
    params: companyParams,
    body: createRoutineBody,
    status: 201,
    errors: CREATE_ROUTINE_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeRoutine(await createRoutine(actor, runId, params.companyId, body)),
  }),
});
