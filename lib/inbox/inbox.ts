import "server-only";
import type { Actor } from "../auth/actor";
import { requireBoard, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { sqlRows } from "../db/sql";
import { Forbidden, NotFound } from "../errors";
import { findIssue } from "../issues/find";
import { issueFromRow } from "../issues/rows";
import { serializeIssue, serializeIssueLink } from "../issues/serialize";
import { isUuid } from "../schemas/agents";
import { INBOX_MINE_DEFAULT_STATUSES, type AgentMineInboxQuery, type BoardInboxQuery } from "../schemas/inbox";
import { countUnread, selectInbox, type InboxRow } from "./query";

const latest = (...times: (Date | null)[]) =>
  times.reduce<Date | null>((best, time) => (time && (!best || time > best) ? time : best), null)?.toISOString() ?? null;

/** Who did the newest thing on the issue, other than the reader: the later of their comment and their activity row. */
function lastActivityOf(row: InboxRow) {
  const commentIsLater = row.ib_comment_at && (!row.ib_activity_at || row.ib_comment_at >= row.ib_activity_at);
  if (commentIsLater) {
    const id = row.ib_comment_agent_id ?? row.ib_comment_user_id;
    const type = row.ib_comment_agent_id ? "agent" : row.ib_comment_user_id ? "user" : "system";
    return { at: row.ib_comment_at!.toISOString(), action: "issue.comment_added", actor: { type, id, name: row.ib_comment_actor_name } };
  }
  if (!row.ib_activity_at) return null;
  const type = row.ib_activity_actor_type ?? "system";
  const id = type === "system" ? null : row.ib_activity_actor_id;
  return { at: row.ib_activity_at.toISOString(), action: row.ib_activity_action, actor: { type, id, name: id ? row.ib_activity_actor_name : null } };
}

/** A board inbox row: the issue's link, why it is here, whether it is new to me and who did what last. */
function serializeInboxItem(row: InboxRow) {
  return {
    issue: serializeIssueLink(issueFromRow(row)),
    reasons: [...row.ib_reasons].sort(),
    isUnread: row.ib_unread,
    isArchived: row.ib_archived,
    lastReadAt: row.ib_last_read_at?.toISOString() ?? null,
    archivedAt: row.ib_archived_at?.toISOString() ?? null,
    lastActivityAt: row.ib_last_activity_at?.toISOString() ?? null,
    lastActivity: lastActivityOf(row),
  };
}

const cursorOf = (row: InboxRow) => `${row.ib_sort_at.toISOString()}_${row.id}`;

function parseCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const split = cursor.lastIndexOf("_");
  return { sortAt: new Date(cursor.slice(0, split)), issueId: cursor.slice(split + 1) };
}

/**
 * The signed-in board user's inbox in a company: issues they are involved in (assigned, created, commented on,
 * @-mentioned, or awaiting their decision), newest activity by others first, one tab at a time, with the unread count.
 * Personal, so viewers have one too.
 */
export async function getBoardInbox(actor: Actor, companyId: string, query: BoardInboxQuery) {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "read");
  // The unread count comes from the page's own pass over the involvement (each involved issue costs a few index
  // probes, so a second pass would double the work); an empty page has no row to carry it.
  const rows = await selectInbox({
    companyId,
    userId: actor.userId,
    tab: query.tab,
    statuses: query.status,
    limit: query.limit + 1,
    cursor: parseCursor(query.cursor),
    withUnreadCount: true,
  });
  const unread = rows[0]?.ib_unread_count ?? (await countUnread(companyId, actor.userId));
  const page = rows.slice(0, query.limit);
  return {
    counts: { unread },
    items: page.map(serializeInboxItem),
    nextCursor: rows.length > query.limit ? cursorOf(page[page.length - 1]) : null,
  };
}

/**
 * A board user's Mine inbox read by an agent of their company, in Paperclip's shape: the issues themselves plus
 * myLastTouchAt, lastExternalCommentAt, lastActivityAt and isUnreadForMe. Agents only; a user who is not a member of
 * the agent's company does not exist for it (404).
 */
export async function getMineInboxForAgent(actor: Actor, query: AgentMineInboxQuery) {
  if (actor.type !== "agent") throw new Forbidden("Only agents read another user's Mine inbox", "inbox_agent_only");
  const companyId = actor.companyId;
  const member = isUuid(query.userId)
    ? await sqlRows<{ user_id: string }>("SELECT user_id FROM company_memberships WHERE company_id = $1::uuid AND user_id = $2::uuid", [
        companyId,
        query.userId,
      ])
    : [];
  if (!member.length) throw new NotFound("User");
  const rows = await selectInbox({
    companyId,
    userId: query.userId,
    tab: "mine",
    statuses: query.status ?? INBOX_MINE_DEFAULT_STATUSES,
    includeArchived: query.includeArchived ?? false,
    limit: query.limit,
  });
  return rows.map((row) => ({
    ...serializeIssue(issueFromRow(row), { labelIds: row.ib_label_ids }),
    myLastTouchAt: latest(row.ib_my_comment_at, row.ib_last_read_at, row.created_by_user_id === query.userId ? row.created_at : null),
    lastExternalCommentAt: row.ib_comment_at?.toISOString() ?? null,
    lastActivityAt: row.ib_last_activity_at?.toISOString() ?? null,
    isUnreadForMe: row.ib_unread,
    isInboxArchivedForMe: row.ib_archived,
    inboxReasons: [...row.ib_reasons].sort(),
  }));
}

/** The board user's own issue, found within their companies (404 elsewhere); reading is enough, the state is theirs. */
async function ownIssue(actor: Actor, ref: string) {
  requireBoard(actor);
  const issue = await findIssue(actor, ref);
  requireCompanyAccess(actor, issue.companyId, "read");
  return { issue, userId: actor.userId };
}

/** Marks the issue read for the signed-in board user now (database time, the clock its activity is stamped with). */
export async function markIssueRead(actor: Actor, ref: string) {
  const { issue, userId } = await ownIssue(actor, ref);
  const [row] = await sqlRows<{ last_read_at: Date }>(
    `INSERT INTO issue_read_states (issue_id, user_id, company_id, last_read_at) VALUES ($1::uuid, $2::uuid, $3::uuid, now())
     ON CONFLICT (issue_id, user_id) DO UPDATE SET last_read_at = GREATEST(issue_read_states.last_read_at, EXCLUDED.last_read_at)
     RETURNING last_read_at`,
    [issue.id, userId, issue.companyId],
  );
  return { issueId: issue.id, companyId: issue.companyId, userId, lastReadAt: row.last_read_at.toISOString() };
}

/** Forgets that the user read the issue, so anything others did on it counts as unread again. */
export async function markIssueUnread(actor: Actor, ref: string) {
  const { issue, userId } = await ownIssue(actor, ref);
  await db.issueReadState.deleteMany({ where: { issueId: issue.id, userId } });
  return { issueId: issue.id, companyId: issue.companyId, userId, lastReadAt: null };
}

/** Puts the issue away from the user's inbox until someone else comments on or changes it. */
export async function archiveFromInbox(actor: Actor, ref: string) {
  const { issue, userId } = await ownIssue(actor, ref);
  const [row] = await sqlRows<{ archived_at: Date }>(
    `INSERT INTO issue_inbox_archives (issue_id, user_id, company_id, archived_at) VALUES ($1::uuid, $2::uuid, $3::uuid, now())
     ON CONFLICT (issue_id, user_id) DO UPDATE SET archived_at = EXCLUDED.archived_at
     RETURNING archived_at`,
    [issue.id, userId, issue.companyId],
  );
  return { issueId: issue.id, companyId: issue.companyId, userId, archivedAt: row.archived_at.toISOString() };
}

export async function unarchiveFromInbox(actor: Actor, ref: string) {
  const { issue, userId } = await ownIssue(actor, ref);
  await db.issueInboxArchive.deleteMany({ where: { issueId: issue.id, userId } });
  return { issueId: issue.id, companyId: issue.companyId, userId, archivedAt: null };
}
