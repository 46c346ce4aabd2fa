import { z } from "zod";
import { defineRoutes, operation } from "@/lib/api/route";
import { issueParams } from "@/lib/schemas/issues";
import { DELETE_ATTACHMENT_ERRORS, deleteAttachment } from "@/lib/workflow/attachments";

export const { DELETE } = defineRoutes("/api/issues/{id}/attachments/{attachmentId}", {
  DELETE: operation({
    summary: "Remove an attachment from an issue",
    description: "Under the same writer rule as attaching: evidence is what gates read. 404 when the attachment is not this issue's.",
    tags: ["workflow"],
    auth: "either",
    params: issueParams.extend({ attachmentId: z.uuid().describe("Attachment id") }),
    errors: DELETE_ATTACHMENT_ERRORS,
    handler: ({ actor, runId, params }) => deleteAttachment(actor, runId, params.id, { id: params.attachmentId }),
  }),
});
