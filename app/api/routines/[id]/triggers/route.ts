import { defineRoutes, operation } from "@/lib/api/route";
import { serializeSecretMaterial, serializeTrigger } from "@/lib/routines/serialize";
import { TRIGGER_WRITE_ERRORS, createTrigger, listTriggers } from "@/lib/routines/triggers";
import { idParams } from "@/lib/schemas/common";
import { createTriggerBody } from "@/lib/schemas/routines";

export const { GET, POST } = defineRoutes("/api/routines/{id}/triggers", {
  GET: operation({
    summary: "List a routine's triggers",
    description: "Schedules, webhooks and api triggers; a webhook's secret is never listed.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listTriggers(actor, params.id)).map(serializeTrigger),
  }),
  POST: operation({
    summary: "Add a trigger to a routine",
    description:
      "schedule: a 5-field cron in an IANA time zone (default UTC); webhook: a public URL and a signing secret, shown once in secretMaterial; api: runs through POST /api/routines/:id/run.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    body: createTriggerBody,
    status: 201,
    errors: TRIGGER_WRITE_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { trigger, secret } = await createTrigger(actor, runId, params.id, body);
      return { trigger: serializeTrigger(trigger), secretMaterial: serializeSecretMaterial(trigger, secret) };
    },
  }),
});
