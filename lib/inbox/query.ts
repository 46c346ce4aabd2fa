import "server-only";
import { sqlParameters, sqlRowsWithoutParallelWorkers } from "../db/sql";
import { ISSUE_COLUMNS, type IssueRow } from "../issues/rows";
import type { InboxTab } from "../schemas/values";

/** Why an issue is in someone's inbox; one issue may have several. */
export type InboxReason = "assigned" | "created" | "commented" | "mentioned" | "awaiting_decision";

/** One issue of a user's inbox, with the facts every view of it is computed from. */
export type InboxRow = IssueRow & {
  ib_reasons: InboxReason[];
  ib_label_ids: string[];
  /** The newest comment by anyone but the reader (an agent, another user, or Switchboard itself). */
  ib_comment_at: Date | null;
  ib_comment_agent_id: string | null;
  ib_comment_user_id: string | null;
  /** The newest activity row on the issue by anyone but the reader. */
  ib_activity_at: Date | null;
  ib_activity_actor_type: string | null;
  ib_activity_actor_id: string | null;
  ib_activity_action: string | null;
  /** Names of those two actors (an agent of the company, or a member), null for Switchboard or anyone else. */
  ib_comment_actor_name: string | null;
  ib_activity_actor_name: string | null;
  ib_my_comment_at: Date | null;
  ib_last_read_at: Date | null;
  ib_archived_at: Date | null;
  ib_last_activity_at: Date | null;
  ib_sort_at: Date;
  ib_unread: boolean;
  ib_archived: boolean;
  ib_unread_count?: number;
};

export type InboxSelection = {
  companyId: string;
  userId: string;
  tab: InboxTab | "mine";
  statuses?: readonly string[];
  includeArchived?: boolean;
  limit: number;
  cursor?: { sortAt: Date; issueId: string };
  /** Also count the unread issues (`ib_unread_count` on every row) from the same pass over the involvement. */
  withUnreadCount?: boolean;
};

/**
 * The user's involvement, each source one lookup on its own partial index (migration 20261207030000_inbox_indexes;
 * awaiting a stage decision uses issues_execution_participant_idx), then per issue its row (primary key), read state
 * and archive. The last activity by someone else is read from the issue row: it keeps the newest activity of its last
 * two distinct actors (migration 20261208050000_inbox_last_actors), so for this reader it is the previous actor's when
 * the reader acted last, else the last one. Which comment and activity that was is looked up for the page only.
 */
function involvementSql(bind: (value: unknown) => string, companyId: string, userId: string) {
  const company = `${bind(companyId)}::uuid`;
  const user = `${bind(userId)}::uuid`;
  return `
    involved AS (
      SELECT id AS issue_id, 'assigned' AS reason FROM issues WHERE company_id = ${company} AND assignee_user_id = ${user}
      UNION ALL SELECT id, 'created' FROM issues WHERE company_id = ${company} AND created_by_user_id = ${user}
      UNION ALL SELECT DISTINCT issue_id, 'commented' FROM issue_comments
                 WHERE company_id = ${company} AND author_user_id = ${user}
      UNION ALL SELECT DISTINCT issue_id, 'mentioned' FROM issue_comments
                 WHERE company_id = ${company} AND mentioned_user_ids @> ARRAY[${user}] AND cardinality(mentioned_user_ids) > 0
      UNION ALL SELECT DISTINCT issue_id, 'awaiting_decision' FROM issue_thread_interactions
                 WHERE company_id = ${company} AND status = 'pending' AND addressee_user_id = ${user}
      UNION ALL SELECT id, 'awaiting_decision' FROM issues
                 WHERE company_id = ${company} AND (execution_state ->> 'status') = 'pending'
                   AND (execution_state -> 'currentParticipant' ->> 'userId') = ${user}::text
    ),
    facts AS (
      SELECT r.issue_id AS ib_issue_id, r.ib_reasons, i.created_at AS ib_created_at, i.status AS ib_status,
             rs.last_read_at AS ib_last_read_at, ar.archived_at AS ib_archived_at,
             CASE WHEN i.last_activity_actor = 'user:' || ${user} THEN i.previous_actor_activity_at ELSE i.last_activity_at END AS ib_last_activity_at
        FROM (SELECT issue_id, array_agg(DISTINCT reason) AS ib_reasons FROM involved GROUP BY issue_id) r
        JOIN issues i ON i.id = r.issue_id AND i.company_id = ${company} AND (i.hidden_at IS NULL OR i.hidden_at > now())
        LEFT JOIN issue_read_states rs ON rs.issue_id = r.issue_id AND rs.user_id = ${user}
        LEFT JOIN issue_inbox_archives ar ON ar.issue_id = r.issue_id AND ar.user_id = ${user}
    ),
    judged AS (
      SELECT facts.*, COALESCE(ib_last_activity_at, ib_created_at) AS ib_sort_at,
             (ib_last_activity_at IS NOT NULL AND (ib_last_read_at IS NULL OR ib_last_activity_at > ib_last_read_at)) AS ib_unread,
             (ib_archived_at IS NOT NULL AND (ib_last_activity_at IS NULL OR ib_last_activity_at <= ib_archived_at)) AS ib_archived
        FROM facts
    )`;
}

/** Activity rows name their actor as text; only an id can name an agent or a member. */
const UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

const TAB_CONDITION: Record<InboxSelection["tab"], (includeArchived: boolean) => string> = {
  unread: () => "ib_unread AND NOT ib_archived",
  all: () => "NOT ib_archived",
  mentioned: () => "'mentioned' = ANY(ib_reasons) AND NOT ib_archived",
  archived: () => "ib_archived",
  mine: (includeArchived) => (includeArchived ? "true" : "NOT ib_archived"),
};

/** The statement for one page of the user's inbox, newest activity by others first, keyset-paged on (sort time, issue id). */
export function inboxStatement(selection: InboxSelection) {
  const { params, bind } = sqlParameters();
  const user = `${bind(selection.userId)}::uuid`;
  const company = `${bind(selection.companyId)}::uuid`;
  const agentName = (id: string) => `(SELECT name FROM agents WHERE id = ${id} AND company_id = ${company})`;
  const memberName = (id: string) =>
    `(SELECT u.name FROM users u JOIN company_memberships m ON m.user_id = u.id AND m.company_id = ${company} WHERE u.id = ${id})`;
  const conditions = [TAB_CONDITION[selection.tab](selection.includeArchived ?? false)];
  if (selection.statuses?.length) conditions.push(`ib_status = ANY(${bind(selection.statuses)}::text[])`);
  if (selection.cursor) {
    conditions.push(`(ib_sort_at, ib_issue_id) < (${bind(selection.cursor.sortAt)}::timestamptz, ${bind(selection.cursor.issueId)}::uuid)`);
  }
  const text = `
    WITH ${involvementSql(bind, selection.companyId, selection.userId)},
    page AS (SELECT * FROM judged WHERE ${conditions.join(" AND ")} ORDER BY ib_sort_at DESC, ib_issue_id DESC LIMIT ${bind(selection.limit)})
    SELECT ${ISSUE_COLUMNS}, page.*,
           c.*, a.*,
           CASE WHEN c.ib_comment_agent_id IS NOT NULL THEN ${agentName("c.ib_comment_agent_id")}
                ELSE ${memberName("c.ib_comment_user_id")} END AS ib_comment_actor_name,
           CASE WHEN a.ib_activity_actor_id !~ '${UUID_PATTERN}' THEN NULL
                WHEN a.ib_activity_actor_type = 'agent' THEN ${agentName("a.ib_activity_actor_id::uuid")}
                WHEN a.ib_activity_actor_type = 'user' THEN ${memberName("a.ib_activity_actor_id::uuid")} END AS ib_activity_actor_name,
           ARRAY(SELECT label_id FROM issue_labels WHERE issue_labels.issue_id = page.ib_issue_id ORDER BY label_id) AS ib_label_ids,
           (SELECT created_at FROM issue_comments WHERE issue_id = page.ib_issue_id AND author_user_id = ${user}
             ORDER BY created_at DESC, id DESC LIMIT 1) AS ib_my_comment_at
           ${selection.withUnreadCount ? `, (SELECT count(*)::int FROM judged WHERE ${TAB_CONDITION.unread(false)}) AS ib_unread_count` : ""}
      FROM page JOIN issues ON issues.id = page.ib_issue_id
      LEFT JOIN LATERAL (
        SELECT created_at AS ib_comment_at, author_agent_id AS ib_comment_agent_id, author_user_id AS ib_comment_user_id FROM issue_comments
         WHERE issue_id = page.ib_issue_id AND author_user_id IS DISTINCT FROM ${user}
         ORDER BY created_at DESC, id DESC LIMIT 1) c ON true
      LEFT JOIN LATERAL (
        SELECT created_at AS ib_activity_at, actor_type AS ib_activity_actor_type, actor_id AS ib_activity_actor_id,
               action AS ib_activity_action FROM activity_log
         WHERE entity_type = 'issue' AND entity_id = page.ib_issue_id::text AND NOT (actor_type = 'user' AND actor_id = ${user}::text)
         ORDER BY created_at DESC LIMIT 1) a ON true
     ORDER BY ib_sort_at DESC, ib_issue_id DESC`;
  return { text, params };
}

export async function selectInbox(selection: InboxSelection): Promise<InboxRow[]> {
  const { text, params } = inboxStatement(selection);
  return sqlRowsWithoutParallelWorkers<InboxRow>(text, params);
}

/** How many inbox issues are unread (archived ones aside): the sidebar badge. */
export async function countUnread(companyId: string, userId: string): Promise<number> {
  const { params, bind } = sqlParameters();
  const [row] = await sqlRowsWithoutParallelWorkers<{ unread: number }>(
    `WITH ${involvementSql(bind, companyId, userId)} SELECT count(*)::int AS unread FROM judged WHERE ${TAB_CONDITION.unread(false)}`,
    params,
  );
  return row?.unread ?? 0;
}
