import { defineRoutes, operation } from "@/lib/api/route";
import { issueParams } from "@/lib/schemas/issues";
import { attachmentBody } from "@/lib/schemas/workflow";
import { ADD_ATTACHMENT_ERRORS, addAttachment, listAttachments, serializeAttachment } from "@/lib/workflow/attachments";

export const { GET, POST } = defineRoutes("/api/issues/{id}/attachments", {
  GET: operation({
    summary: "List an issue's attachments",
    description: "Oldest first. `replace` types keep only their newest attachment.",
    tags: ["workflow"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => (await listAttachments(actor, params.id)).map(serializeAttachment),
  }),
  POST: operation({
    summary: "Attach typed evidence to an issue",
    description: "Types come from the workflow (unknown ones per `unknown_attachment`); over 256 KiB is 413. Attachments satisfy gates.",
    tags: ["workflow"],
    auth: "either",
    params: issueParams,
    body: attachmentBody,
    status: 201,
    errors: ADD_ATTACHMENT_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { attachment, warnings } = await addAttachment(actor, runId, params.id, body);
      return Response.json({ ...serializeAttachment(attachment), ...(warnings.length ? { warnings } : {}) }, { status: 201 });
    },
  }),
});
