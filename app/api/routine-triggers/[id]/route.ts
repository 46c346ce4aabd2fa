import { defineRoutes, operation } from "@/lib/api/route";
import { serializeTrigger } from "@/lib/routines/serialize";
import { TRIGGER_WRITE_ERRORS, deleteTrigger, updateTrigger } from "@/lib/routines/triggers";
import { updateTriggerBody, triggerParams } from "@/lib/schemas/routines";

export const { PATCH, DELETE } = defineRoutes("/api/routine-triggers/{id}", {
  PATCH: operation({
    summary: "Update a routine trigger",
    description:
      "Enable or disable it, relabel it, change a schedule's cron or time zone (its next slot follows) or a webhook's signing mode and replay window.",
    tags: ["routines"],
    auth: "either",
    params: triggerParams,
    body: updateTriggerBody,
    errors: TRIGGER_WRITE_ERRORS,
    handler: async ({ actor, runId, params, body }) => serializeTrigger(await updateTrigger(actor, runId, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete a routine trigger",
    description: "Its past runs stay, without their trigger.",
    tags: ["routines"],
    auth: "either",
    params: triggerParams,
    status: 204,
    errors: TRIGGER_WRITE_ERRORS,
    handler: async ({ actor, runId, params }) => {
      await deleteTrigger(actor, runId, params.id);
      return new Response(null, { status: 204 });
    },
  }),
});
