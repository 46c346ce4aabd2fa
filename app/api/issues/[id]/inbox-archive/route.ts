import { defineRoutes, operation } from "@/lib/api/route";
import { archiveFromInbox, unarchiveFromInbox } from "@/lib/inbox/inbox";
import { issueParams } from "@/lib/schemas/issues";

const ERRORS = ["not_found"] as const;

export const { POST, DELETE } = defineRoutes("/api/issues/{id}/inbox-archive", {
  POST: operation({
    summary: "Archive an issue from my inbox (board user)",
    description: "Hides the issue from my inbox until someone else comments on or changes it. Personal, so viewers may too.",
    tags: ["inbox"],
    auth: "board",
    params: issueParams,
    errors: ERRORS,
    handler: ({ actor, params }) => archiveFromInbox(actor, params.id),
  }),
  DELETE: operation({
    summary: "Bring an issue back to my inbox (board user)",
    description: "Undoes the archive (archivedAt null).",
    tags: ["inbox"],
    auth: "board",
    params: issueParams,
    errors: ERRORS,
    handler: ({ actor, params }) => unarchiveFromInbox(actor, params.id),
  }),
});
