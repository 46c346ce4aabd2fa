import { defineRoutes, operation } from "@/lib/api/route";
import { markIssueRead, markIssueUnread } from "@/lib/inbox/inbox";
import { issueParams } from "@/lib/schemas/issues";

const ERRORS = ["not_found"] as const;

export const { POST, DELETE } = defineRoutes("/api/issues/{id}/read", {
  POST: operation({
    summary: "Mark an issue read (board user)",
    description:
      "Sets my lastReadAt to now: my inbox counts the issue unread again once someone else comments on or changes it. " +
      "Personal, so viewers may too; agents only read inboxes (403).",
    tags: ["inbox"],
    auth: "board",
    params: issueParams,
    errors: ERRORS,
    handler: ({ actor, params }) => markIssueRead(actor, params.id),
  }),
  DELETE: operation({
    summary: "Mark an issue unread (board user)",
    description: "Forgets my read state, so whatever others did on the issue counts as unread again (lastReadAt null).",
    tags: ["inbox"],
    auth: "board",
    params: issueParams,
    errors: ERRORS,
    handler: ({ actor, params }) => markIssueUnread(actor, params.id),
  }),
});
