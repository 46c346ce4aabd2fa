import { defineRoutes, operation } from "@/lib/api/route";
import { CREATE_ROUTINE_ERRORS, ROUTINE_MANAGE_ERRORS, deleteRoutine, getRoutine, updateRoutine } from "@/lib/routines/routines";
import { serializeRoutine } from "@/lib/routines/serialize";
import { idParams } from "@/lib/schemas/common";
import { updateRoutineBody } from "@/lib/schemas/routines";

export const { GET, PATCH, DELETE } = defineRoutes("/api/routines/{id}", {
  GET: operation({
    summary: "Get a routine",
    description: "With its triggers (never a webhook's secret), its last run and the open issue of its last created run.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeRoutine(await getRoutine(actor, params.id)),
  }),
  PATCH: operation({
    summary: "Update a routine",
    description: "Fields left out keep their value; status paused or archived stops it from firing.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    body: updateRoutineBody,
    errors: CREATE_ROUTINE_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeRoutine(await updateRoutine(actor, runId, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete a routine",
    description: "With its triggers and runs; the issues it created stay.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    status: 204,
    errors: ROUTINE_MANAGE_ERRORS,
    handler: async ({ actor, runId, params }) => {
      await deleteRoutine(actor, runId, params.id);
      return new Response(null, { status: 204 });
    },
  }),
});
