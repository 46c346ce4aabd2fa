import { createdOrReplayed, defineRoutes, operation } from "@/lib/api/route";
import { PUT_ISSUE_DOCUMENT_ERRORS, deleteIssueDocument, getIssueDocument, putIssueDocument, serializeDocument } from "@/lib/documents/documents";
import { documentParams, putDocumentBody } from "@/lib/schemas/documents";

export const { GET, PUT, DELETE } = defineRoutes("/api/issues/{id}/documents/{key}", {
  GET: operation({
    summary: "Get an issue document",
    tags: ["documents"],
    auth: "either",
    params: documentParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => serializeDocument(await getIssueDocument(actor, params.id, params.key)),
  }),
  PUT: operation({
    summary: "Create or revise an issue document",
    description:
      "201 creates revision 1; 200 appends a revision. Updates need baseRevisionId = latestRevisionId (409 otherwise). " +
      "Identical content is a no-op. A new revision expires pending confirmations about older ones (stale_target).",
    tags: ["documents"],
    auth: "either",
    params: documentParams,
    body: putDocumentBody,
    errors: PUT_ISSUE_DOCUMENT_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { document, created } = await putIssueDocument(actor, runId, params.id, params.key, body);
      return createdOrReplayed(serializeDocument(document), created);
    },
  }),
  DELETE: operation({
    summary: "Delete an issue document (board only)",
    tags: ["documents"],
    auth: "board",
    params: documentParams,
    errors: ["insufficient_role", "not_found"],
    handler: async ({ actor, params }) => deleteIssueDocument(actor, params.id, params.key),
  }),
});
