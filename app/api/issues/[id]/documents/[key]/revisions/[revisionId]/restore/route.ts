import { defineRoutes, operation } from "@/lib/api/route";
import { RESTORE_DOCUMENT_REVISION_ERRORS, restoreDocumentRevision, serializeDocument } from "@/lib/documents/documents";
import { restoreRevisionBody, revisionParams } from "@/lib/schemas/documents";

export const { POST } = defineRoutes("/api/issues/{id}/documents/{key}/revisions/{revisionId}/restore", {
  POST: operation({
    summary: "Restore an earlier revision",
    description: 'Copies that revision into a new latest revision ("Restored from revision N"); 409 if it already is the latest.',
    tags: ["documents"],
    auth: "either",
    params: revisionParams,
    body: restoreRevisionBody,
    errors: RESTORE_DOCUMENT_REVISION_ERRORS,
    handler: async ({ actor, runId, params }) => serializeDocument(await restoreDocumentRevision(actor, runId, params.id, params.key, params.revisionId)),
  }),
});
