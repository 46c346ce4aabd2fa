import { defineRoutes, operation } from "@/lib/api/route";
import { getBoardInbox } from "@/lib/inbox/inbox";
import { companyParams } from "@/lib/schemas/common";
import { boardInboxQuery } from "@/lib/schemas/inbox";

export const { GET } = defineRoutes("/api/companies/{companyId}/inbox", {
  GET: operation({
    summary: "My inbox (board user)",
    description:
      "Issues I am involved in, newest activity by others first, one tab at a time (unread, all, mentioned, archived), " +
      "keyset-paged with nextCursor, and my unread count. Each item says why it is here and who did what last.",
    tags: ["inbox"],
    auth: "board",
    params: companyParams,
    query: boardInboxQuery,
    handler: ({ actor, params, query }) => getBoardInbox(actor, params.companyId, query),
  }),
});
