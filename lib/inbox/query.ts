import "server-only";
import { sqlParameters, sqlRows } from "../db/sql";
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
  ib_my_comment_at: Date | null;
  ib_last_read_at: Date | null;
  ib_archived_at: Date | null;
  ib_last_activity_at: Date | null;
  ib_sort_at: Date;
  ib_unread: boolean;
  ib_archived: boolean;
};

export type InboxSelection = {
  companyId: string;
  userId: string;
  tab: InboxTab | "mine";
  statuses?: readonly string[];
  includeArchived?: boolean;
  limit: number;
  cursor?: { sortAt: Date; issueId: string };
};

/**
 * The user's involvement, each source one lookup on its own partial index (migration 20261207030000_inbox_indexes;
 * awaiting a stage decision uses issues_execution_participant_idx), then per issue the newest comment and the newest
 * activity by someone else, each one backward scan of an index ((issue_id, created_at, id) on comments,
 * (entity_type, entity_id, created_at) on activity_log), the reader's own newest comment, read state and archive.
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
             c.created_at AS ib_comment_at, c.author_agent_id AS ib_comment_agent_id, c.author_user_id AS ib_comment_user_id,
             a.created_at AS ib_activity_at, a.actor_type AS ib_activity_actor_type, a.actor_id AS ib_activity_actor_id,
             a.action AS ib_activity_action, mine.created_at AS ib_my_comment_at,
             rs.last_read_at AS ib_last_read_at, ar.archived_at AS ib_archived_at,
             GREATEST(c.created_at, a.created_at) AS ib_last_activity_at
        FROM (SELECT issue_id, array_agg(DISTINCT reason) AS ib_reasons FROM involved GROUP BY issue_id) r
        JOIN issues i ON i.id = r.issue_id AND i.company_id = ${company} AND (i.hidden_at IS NULL OR i.hidden_at > now())
        LEFT JOIN LATERAL (
          SELECT created_at, author_agent_id, author_user_id FROM issue_comments
           WHERE issue_id = r.issue_id AND author_user_id IS DISTINCT FROM ${user}
           ORDER BY created_at DESC, id DESC LIMIT 1) c ON true
        LEFT JOIN LATERAL (
          SELECT created_at, actor_type, actor_id, action FROM activity_log
           WHERE entity_type = 'issue' AND entity_id = r.issue_id::text AND NOT (actor_type = 'user' AND actor_id = ${user}::text)
           ORDER BY created_at DESC LIMIT 1) a ON true
        LEFT JOIN LATERAL (
          SELECT created_at FROM issue_comments WHERE issue_id = r.issue_id AND author_user_id = ${user}
           ORDER BY created_at DESC, id DESC LIMIT 1) mine ON true
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
  const conditions = [TAB_CONDITION[selection.tab](selection.includeArchived ?? false)];
  if (selection.statuses?.length) conditions.push(`ib_status = ANY(${bind(selection.statuses)}::text[])`);
  if (selection.cursor) {
    conditions.push(`(ib_sort_at, ib_issue_id) < (${bind(selection.cursor.sortAt)}::timestamptz, ${bind(selection.cursor.issueId)}::uuid)`);
  }
  const text = `
    WITH ${involvementSql(bind, selection.companyId, selection.userId)},
    page AS (SELECT * FROM judged WHERE ${conditions.join(" AND ")} ORDER BY ib_sort_at DESC, ib_issue_id DESC LIMIT ${bind(selection.limit)})
    SELECT ${ISSUE_COLUMNS}, page.*,
           ARRAY(SELECT label_id FROM issue_labels WHERE issue_labels.issue_id = page.ib_issue_id ORDER BY label_id) AS ib_label_ids
      FROM page JOIN issues ON issues.id = page.ib_issue_id
     ORDER BY ib_sort_at DESC, ib_issue_id DESC`;
  return { text, params };
}

export async function selectInbox(selection: InboxSelection): Promise<InboxRow[]> {
  const { text, params } = inboxStatement(selection);
  return sqlRows<InboxRow>(text, params);
}

/** How many inbox issues are unread (archived ones aside): the sidebar badge. */
export async function countUnread(companyId: string, userId: string): Promise<number> {
  const { params, bind } = sqlParameters();
  const [row] = await sqlRows<{ unread: number }>(
    `WITH ${involvementSql(bind, companyId, userId)} SELECT count(*)::int AS unread FROM judged WHERE ib_unread AND NOT ib_archived`,
    params,
  );
  return row?.unread ?? 0;
}
