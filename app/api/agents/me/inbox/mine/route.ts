import { defineRoutes, operation } from "@/lib/api/route";
import { getMineInboxForAgent } from "@/lib/inbox/inbox";
import { agentMineInboxQuery } from "@/lib/schemas/inbox";

export const { GET } = defineRoutes("/api/agents/me/inbox/mine", {
  GET: operation({
    summary: "Read a board user's Mine inbox (agent)",
    description:
      "The issues the user is involved in (assigned, created, commented on, @-mentioned, awaiting their decision) and has not " +
      "archived since their last change, newest activity by others first; each issue carries myLastTouchAt, " +
      "lastExternalCommentAt, lastActivityAt and isUnreadForMe. The user must be a member of the agent's company (else 404).",
    tags: ["agents", "inbox"],
    auth: "either",
    query: agentMineInboxQuery,
    errors: ["inbox_agent_only", "not_found"],
    handler: ({ actor, query }) => getMineInboxForAgent(actor, query),
  }),
});
