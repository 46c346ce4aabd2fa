import { defineRoutes, operation } from "@/lib/api/route";
import { listDocumentRevisions, serializeRevision } from "@/lib/documents/documents";
import { documentParams } from "@/lib/schemas/documents";

export const { GET } = defineRoutes("/api/issues/{id}/documents/{key}/revisions", {
  GET: operation({
    summary: "List a document's revisions",
    description: "Newest first, each with its full body.",
    tags: ["documents"],
    auth: "either",
    params: documentParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => {
      const { revisions, link } = await listDocumentRevisions(actor, params.id, params.key);
      return revisions.map((revision) => serializeRevision(revision, link));
    },
  }),
});
