import { defineRoutes, operation } from "@/lib/api/route";
import { listIssueDocuments, serializeDocument } from "@/lib/documents/documents";
import { issueParams } from "@/lib/schemas/issues";

export const { GET } = defineRoutes("/api/issues/{id}/documents", {
  GET: operation({
    summary: "List an issue's documents",
    description: "Bare array in key order, each with its body and latest revision.",
    tags: ["documents"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listIssueDocuments(actor, params.id)).map(serializeDocument),
  }),
});
