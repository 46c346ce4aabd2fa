import { defineRoutes, operation } from "@/lib/api/route";
import { deleteLabel, serializeLabel, updateLabel } from "@/lib/issues/labels";
import { updateLabelBody } from "@/lib/schemas/activity";
import { idParams } from "@/lib/schemas/common";

export const { PATCH, DELETE } = defineRoutes("/api/labels/{id}", {
  PATCH: operation({
    summary: "Rename or recolour a label",
    tags: ["issues"],
    auth: "either",
    params: idParams,
    body: updateLabelBody,
    errors: ["board_required", "insufficient_role", "not_found", "label_exists"],
    handler: async ({ actor, params, body }) => serializeLabel(await updateLabel(actor, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete a label",
    description: "Takes the label off every issue that carries it.",
    tags: ["issues"],
    auth: "either",
    params: idParams,
    errors: ["board_required", "insufficient_role", "not_found"],
    handler: ({ actor, params }) => deleteLabel(actor, params.id),
  }),
});
