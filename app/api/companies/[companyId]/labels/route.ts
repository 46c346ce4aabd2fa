import { defineRoutes, operation } from "@/lib/api/route";
import { createLabel, listLabels, serializeLabel, serializeLabelWithCount } from "@/lib/issues/labels";
import { createLabelBody } from "@/lib/schemas/activity";
import { companyParams } from "@/lib/schemas/common";

export const { GET, POST } = defineRoutes("/api/companies/{companyId}/labels", {
  GET: operation({
    summary: "List labels in a company",
    description: "In name order, each with `issueCount`: how many issues carry it.",
    tags: ["issues"],
    auth: "either",
    params: companyParams,
    errors: ["board_required", "insufficient_role"],
    handler: async ({ actor, params }) => (await listLabels(actor, params.companyId)).map(serializeLabelWithCount),
  }),
  POST: operation({
    summary: "Create a label",
    tags: ["issues"],
    auth: "either",
    params: companyParams,
    body: createLabelBody,
    status: 201,
    errors: ["board_required", "label_exists"],
    handler: async ({ actor, params, body }) => serializeLabel(await createLabel(actor, params.companyId, body)),
  }),
});
