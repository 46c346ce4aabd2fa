import { defineRoutes, operation } from "@/lib/api/route";
import { companyParams } from "@/lib/schemas/common";
import { createSavedViewBody } from "@/lib/schemas/saved-views";
import { createSavedView, listSavedViews } from "@/lib/saved-views/saved-views";
import { serializeSavedView } from "@/lib/saved-views/serialize";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/saved-views", {
  GET: operation({
    summary: "List your saved issue views",
    description: "The calling board user's own views in the company, in name order.",
    tags: ["issues"],
    auth: "board",
    params: companyParams,
    errors: ["board_required"],
    handler: async ({ actor, params }) => (await listSavedViews(actor, params.companyId)).map(serializeSavedView),
  }),
  POST: operation({
    summary: "Save an issue view",
    description: "A named issue-list filter, private to the caller; names are unique per user and company (409).",
    tags: ["issues"],
    auth: "board",
    params: companyParams,
    body: createSavedViewBody,
    status: 201,
    errors: ["board_required", "saved_view_name_taken"],
    handler: async ({ actor, params, body }) => serializeSavedView(await createSavedView(actor, params.companyId, body)),
  }),
});
