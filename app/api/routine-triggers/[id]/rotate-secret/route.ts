import { defineRoutes, operation } from "@/lib/api/route";
import { serializeSecretMaterial, serializeTrigger } from "@/lib/routines/serialize";
import { TRIGGER_WRITE_ERRORS, rotateTriggerSecret } from "@/lib/routines/triggers";
import { triggerParams } from "@/lib/schemas/routines";

export const { POST } = defineRoutes("/api/routine-triggers/{id}/rotate-secret", {
  POST: operation({
    summary: "Rotate a webhook trigger's secret",
    description: "The new secret is in secretMaterial, this once; the old one stops working at once.",
    tags: ["routines"],
    auth: "either",
    params: triggerParams,
    errors: TRIGGER_WRITE_ERRORS,
    handler: async ({ actor, runId, params }) => {
      const { trigger, secret } = await rotateTriggerSecret(actor, runId, params.id);
      return { trigger: serializeTrigger(trigger), secretMaterial: serializeSecretMaterial(trigger, secret) };
    },
  }),
});
