import { defineRoutes, operation } from "@/lib/api/route";
import { idParams } from "@/lib/schemas/common";
import { updateSavedViewBody } from "@/lib/schemas/saved-views";
import { deleteSavedView, updateSavedView } from "@/lib/saved-views/saved-views";
import { serializeSavedView } from "@/lib/saved-views/serialize";

export const { PATCH, DELETE } = defineRoutes("/api/saved-views/{id}", {
  PATCH: operation({
    summary: "Rename or change a saved issue view",
    description: "Only its owner; for anyone else the view does not exist (404).",
    tags: ["issues"],
    auth: "board",
    params: idParams,
    body: updateSavedViewBody,
    errors: ["board_required", "not_found", "saved_view_name_taken"],
    handler: async ({ actor, params, body }) => serializeSavedView(await updateSavedView(actor, params.id, body)),
  }),
  DELETE: operation({
    summary: "Delete a saved issue view",
    description: "Only its owner; for anyone else the view does not exist (404).",
    tags: ["issues"],
    auth: "board",
    params: idParams,
    errors: ["board_required", "not_found"],
    handler: ({ actor, params }) => deleteSavedView(actor, params.id),
  }),
});
