import "server-only";
import { waitingActions } from "../held-actions/read";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { sqlParameters, sqlRows } from "../db/sql";
import { BadRequest, NotFound } from "../errors";
import { isUuid } from "../schemas/agents";
import { isStorableTime } from "../schemas/common";
import type { ListIssuesQuery } from "../schemas/issues";
import type { IssueSort } from "../schemas/values";
import { stillBlockingSql, unresolvedBlockersSql } from "./blockers";
import { findIssue } from "./find";
import { ISSUE_COLUMNS, issueFromRow, type IssueRow } from "./rows";
import { promptsForIssue } from "../workflow/enforce";
import { serializeIssue, serializeIssueLink } from "./serialize";

const DEFAULT_PAGE = 200;
/**
 * A search with at most this many full-text hits reads them and sorts them; with more, it walks the sort index and
 * keeps the rows among the hits until the page is full. Walking finds a page of a common word (1 % of a million
 * issues) in a few thousand index entries, but would read most of the index for a rare one; around here the two cost
 * alike on a million issues.
 */
const SEARCH_SORTS_HITS_UP_TO = 2000;
const linkSelect = { id: true, identifier: true, title: true, status: true, priority: true, assigneeAgentId: true, assigneeUserId: true } as const;

type Direction = "asc" | "desc";
type KeyKind = "rank" | "time" | "text" | "number" | "uuid";
/**
 * One ORDER BY key: its SQL expression, the row value a cursor keeps (`read`) and the SQL that turns the bound value back
 * into the key (`compare`, by default the value itself), and a direction of its own when it does not follow the sort's.
 */
type SortKey = { sql: string; kind: KeyKind; read: (row: IssueRow) => string | number; compare?: (value: string) => string; fixed?: Direction };
type SortSpec = { keys: SortKey[]; defaultDirection: Direction };

const rankKey: SortKey = { sql: "i.priority_rank", kind: "rank", read: (row) => row.priority_rank };
const updatedKey: SortKey = { sql: "i.updated_at", kind: "time", read: (row) => row.updated_at.toISOString() };
const idKey: SortKey = { sql: "i.id", kind: "uuid", read: (row) => row.id };

/**
 * Every sort ends in a unique key, so the order is total and a keyset cursor never skips or repeats a row. The id
 * tie-break follows the sort's direction (one index scan either way); priority keeps "most recently updated first"
 * within a priority whichever way the priorities run.
 */
const SORTS: Record<IssueSort, SortSpec> = {
  priority: { defaultDirection: "asc", keys: [rankKey, { ...updatedKey, fixed: "desc" }, { ...idKey, fixed: "asc" }] },
  updated: { defaultDirection: "desc", keys: [updatedKey, idKey] },
  created: { defaultDirection: "desc", keys: [{ sql: "i.created_at", kind: "time", read: (row) => row.created_at.toISOString() }, idKey] },
  // Case-insensitive, as people read titles; PostgreSQL lowers both the row and the cursor's title, so they agree.
  title: { defaultDirection: "asc", keys: [{ sql: "lower(i.title)", kind: "text", read: (row) => row.title, compare: (value) => `lower(${value})` }, idKey] },
  identifier: { defaultDirection: "desc", keys: [{ sql: "i.number", kind: "number", read: (row) => row.number }, idKey] },
};

const SQL_TYPES: Record<KeyKind, string> = { rank: "smallint", time: "timestamptz", text: "text", number: "integer", uuid: "uuid" };

function keyDirection(key: SortKey, direction: Direction): Direction {
  return key.fixed ?? direction;
}

type Cursor = { sort: IssueSort; direction: Direction; values: (string | number)[] };

function encodeCursor(cursor: Cursor) {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.direction, ...cursor.values])).toString("base64url");
}

function badCursor(reason: string) {
  return new BadRequest(`cursor is not valid here: ${reason}`, "invalid_cursor", { invalidParams: [{ name: "query.cursor", reason }] });
}

/** Each value is bound into SQL with its key's type, so a forged one must fail here, not in PostgreSQL. */
function validKeyValue(kind: KeyKind, value: unknown): boolean {
  if (kind === "rank") return Number.isInteger(value) && Math.abs(value as number) <= 32_767;
  if (kind === "number") return Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647;
  if (kind === "time") return typeof value === "string" && isStorableTime(new Date(value));
  if (kind === "uuid") return typeof value === "string" && isUuid(value);
  return typeof value === "string" && value.length <= 500 && !value.includes("\u0000");
}

function decodeCursor(raw: string, sort: IssueSort, direction: Direction): Cursor["values"] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badCursor("Unknown cursor");
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== "string" || typeof parsed[1] !== "string") throw badCursor("Unknown cursor");
  const [cursorSort, cursorDirection, ...values] = parsed as [string, string, ...unknown[]];
  if (cursorSort !== sort || cursorDirection !== direction) {
    throw badCursor(`This cursor pages the ${cursorSort} ${cursorDirection} order; start again from the first page for sort=${sort}&direction=${direction}`);
  }
  const keys = SORTS[sort].keys;
  if (values.length !== keys.length || !keys.every((key, index) => validKeyValue(key.kind, values[index]))) throw badCursor("Unknown cursor");
  return values as Cursor["values"];
}

/**
 * Filtered, searched, keyset-paginated issue list in the asked sort (priority, then most recently updated, by
 * default). One indexed SQL query returns the page with its label ids.
 */
export async function listIssues(actor: Actor, companyId: string, query: ListIssuesQuery) {
  const { params, bind } = sqlParameters();
  const company = bind(companyId);
  const conditions = [`i.company_id = ${company}::uuid`];
  if (query.status) conditions.push(`i.status = ANY(${bind(query.status)}::text[])`);
  if (query.priority) conditions.push(`i.priority = ANY(${bind(query.priority)}::text[])`);
  if (query.assigneeAgentId) conditions.push(`i.assignee_agent_id = ${bind(query.assigneeAgentId)}::uuid`);
  if (query.assigneeUserId) {
    if (query.assigneeUserId === "me" && actor.type !== "board") {
      throw new BadRequest("assigneeUserId=me needs a board user", "validation_failed", {
        invalidParams: [{ name: "query.assigneeUserId", reason: "`me` is only for board users" }],
      });
    }
    conditions.push(`i.assignee_user_id = ${bind(query.assigneeUserId === "me" ? (actor as { userId: string }).userId : query.assigneeUserId)}::uuid`);
  }
  if (query.projectId) conditions.push(query.projectId === "none" ? "i.project_id IS NULL" : `i.project_id = ${bind(query.projectId)}::uuid`);
  if (query.parentId) conditions.push(query.parentId === "none" ? "i.parent_id IS NULL" : `i.parent_id = ${bind(query.parentId)}::uuid`);
  conditions.push(...workStateConditions(actor, query, bind));
  if (query.goalId) conditions.push(`i.goal_id = ${bind(query.goalId)}::uuid`);
  if (query.labelId) conditions.push(`EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id AND l.label_id = ${bind(query.labelId)}::uuid)`);
  const words = query.q ? bind(query.q) : null;
  const identifierMatch = () => `SELECT x.id FROM issues x WHERE x.company_id = ${company}::uuid AND x.identifier = upper(${words})`;
  const sort = query.sort ?? "priority";
  const spec = SORTS[sort];
  const direction = query.direction ?? spec.defaultDirection;
  if (query.cursor) {
    const values = decodeCursor(query.cursor, sort, direction);
    // Rows after the cursor: one row comparison, each key on the left when ascending and on the right when descending.
    const later: string[] = [];
    const earlier: string[] = [];
    spec.keys.forEach((key, index) => {
      const bound = `${bind(key.kind === "time" ? new Date(values[index] as string) : values[index])}::${SQL_TYPES[key.kind]}`;
      const value = key.compare ? key.compare(bound) : bound;
      const ascending = keyDirection(key, direction) === "asc";
      later.push(ascending ? key.sql : value);
      earlier.push(ascending ? value : key.sql);
    });
    conditions.push(`(${later.join(", ")}) > (${earlier.join(", ")})`);
  }
  const limit = query.limit ?? DEFAULT_PAGE;
  const order = `ORDER BY ${spec.keys.map((key) => `${key.sql} ${keyDirection(key, direction).toUpperCase()}`).join(", ")}`;
  const columns = `${ISSUE_COLUMNS.replace(/(\w+)/g, "i.$1")}, ARRAY(SELECT l.label_id FROM issue_labels l WHERE l.issue_id = i.id) AS label_ids`;
  const where = conditions.join(" AND ");
  const pageSize = bind(limit + 1);
  // A search picks the page's ids first, so the rows it passes over are never read whole; then it reads just those
  // rows. Its full-text hits are read once; of the two branches, the hit count (SEARCH_SORTS_HITS_UP_TO) runs one:
  // join the hits and sort them, or walk the sort index keeping hits (the OR keeps that a hashed filter, not a join).
  // The identifier match is an id subquery either way. Plain filters need the rows anyway.
  const page = await sqlRows<IssueRow & { label_ids: string[] }>(
    query.q
      ? `WITH hits AS MATERIALIZED (SELECT s.issue_id FROM issue_search s WHERE s.document @@ websearch_to_tsquery('simple', ${words})),
         page AS MATERIALIZED (
           (SELECT i.id FROM issues i
             WHERE ${where} AND (SELECT count(*) FROM hits) <= ${SEARCH_SORTS_HITS_UP_TO}
               AND i.id IN (SELECT issue_id FROM hits UNION ALL ${identifierMatch()})
             ${order} LIMIT ${pageSize})
           UNION ALL
           (SELECT i.id FROM issues i
             WHERE ${where} AND (SELECT count(*) FROM hits) > ${SEARCH_SORTS_HITS_UP_TO}
               AND (i.id IN (SELECT issue_id FROM hits) OR i.id = (${identifierMatch()}))
             ${order} LIMIT ${pageSize}))
         SELECT ${columns} FROM page JOIN issues i ON i.id = page.id ${order}`
      : `SELECT ${columns} FROM issues i WHERE ${where} ${order} LIMIT ${pageSize}`,
    params,
  );
  const rows = page.slice(0, limit);
  const last = rows.at(-1);
  return {
    issues: rows.map((row) => serializeIssue(issueFromRow(row), { labelIds: row.label_ids })),
    nextCursor: page.length > limit && last ? encodeCursor({ sort, direction, values: spec.keys.map((key) => key.read(last)) }) : null,
  };
}

/**
 * ready / blocked / claimed, each negated when false. Ready is what an agent may pick up next: todo, no unresolved
 * blocker (the one blocker rule), and assigned to nobody else.
 */
function workStateConditions(actor: Actor, query: Pick<ListIssuesQuery, "ready" | "blocked" | "claimed">, bind: (value: unknown) => string): string[] {
  const conditions: string[] = [];
  const flag = (value: boolean | undefined, condition: string) => {
    if (value !== undefined) conditions.push(value ? `(${condition})` : `NOT (${condition})`);
  };
  // Bound only when used: an unused parameter has no type PostgreSQL can infer.
  const mine = () =>
    actor.type === "agent"
      ? `i.assignee_user_id IS NULL AND (i.assignee_agent_id IS NULL OR i.assignee_agent_id = ${bind(actor.agentId)}::uuid)`
      : `i.assignee_agent_id IS NULL AND (i.assignee_user_id IS NULL OR i.assignee_user_id = ${bind(actor.userId)}::uuid)`;
  if (query.ready !== undefined) flag(query.ready, `i.status = 'todo' AND NOT EXISTS (${unresolvedBlockersSql("i.id")}) AND ${mine()}`);
  flag(query.blocked, `i.status NOT IN ('done', 'cancelled') AND EXISTS (${unresolvedBlockersSql("i.id")})`);
  flag(query.claimed, `i.status = 'in_progress' AND i.assignee_agent_id IS NOT NULL`);
  return conditions;
}

async function projectAndGoal(projectId: string | null, goalId: string | null) {
  const [project, goal] = await Promise.all([
    projectId ? db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true, description: true, status: true } }) : null,
    goalId ? db.goal.findUnique({ where: { id: goalId }, select: { id: true, title: true, description: true, level: true, status: true } }) : null,
  ]);
  return { project, goal };
}

/** Parents from nearest to root, each with its project and goal, so an agent sees why the task exists. */
async function ancestorsOf(parentId: string | null) {
  const ancestors = [];
  const seen = new Set<string>();
  for (let id = parentId; id && !seen.has(id) && ancestors.length < 25;) {
    seen.add(id);
    const parent = await db.issue.findUnique({ where: { id } });
    if (!parent) break;
    ancestors.push({
      ...serializeIssueLink(parent),
      description: parent.description,
      parentId: parent.parentId,
      projectId: parent.projectId,
      goalId: parent.goalId,
      ...(await projectAndGoal(parent.projectId, parent.goalId)),
    });
    id = parent.parentId;
  }
  return ancestors;
}

export async function getIssueDetail(actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref);
  const [ancestors, related, labels, blockedBy, blocks, children, heldActions] = await Promise.all([
    ancestorsOf(issue.parentId),
    projectAndGoal(issue.projectId, issue.goalId),
    db.issueLabel.findMany({ where: { issueId: issue.id }, select: { labelId: true } }),
    db.issue.findMany({ where: { blocks: { some: { issueId: issue.id } } }, select: linkSelect, orderBy: { number: "asc" } }),
    db.issue.findMany({ where: { blockedBy: { some: { blockedByIssueId: issue.id } } }, select: linkSelect, orderBy: { number: "asc" } }),
    db.issue.findMany({ where: { parentId: issue.id }, select: linkSelect, orderBy: { number: "asc" } }),
    waitingActions(issue.id),
  ]);
  return {
    ...serializeIssue(issue, { labelIds: labels.map((l) => l.labelId) }),
    heldActions,
    ancestors,
    project: related.project,
    goal: related.goal,
    blockedBy: blockedBy.map(serializeIssueLink),
    blocks: blocks.map(serializeIssueLink),
    children: children.map(serializeIssueLink),
  };
}

/** What an agent needs at the start of a heartbeat, in one compact response. */
export async function getHeartbeatContext(actor: Actor, ref: string, wakeCommentId?: string) {
  const issue = await findIssue(actor, ref);
  const [ancestors, related, blockedBy, totalComments, latest, wakeComment, workflowPrompts] = await Promise.all([
    ancestorsOf(issue.parentId),
    projectAndGoal(issue.projectId, issue.goalId),
    db.issue.findMany({ where: { blocks: { some: { issueId: issue.id } } }, select: linkSelect }),
    db.issueComment.count({ where: { issueId: issue.id } }),
    db.issueComment.findFirst({ where: { issueId: issue.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, createdAt: true } }),
    wakeCommentId ? db.issueComment.findFirst({ where: { id: wakeCommentId, issueId: issue.id } }) : null,
    promptsForIssue(issue),
  ]);
  if (wakeCommentId && !wakeComment) throw new NotFound("Wake comment");
  const {
    id,
    identifier,
    title,
    description,
    status,
    priority,
    assigneeAgentId,
    assigneeUserId,
    parentId,
    projectId,
    goalId,
    checkoutRunId,
    executionRunId,
    updatedAt,
    workflowState,
    phase,
  } = serializeIssue(issue);
  return {
    issue: {
      id,
      identifier,
      title,
      description,
      status,
      priority,
      assigneeAgentId,
      assigneeUserId,
      parentId,
      projectId,
      goalId,
      checkoutRunId,
      executionRunId,
      updatedAt,
      workflowState,
      phase,
      blockedBy: blockedBy.map(serializeIssueLink),
    },
    /** What the workflow tells an agent in this state and phase, variables filled in. */
    workflowPrompts,
    ancestors: ancestors.map(({ id, identifier, title, status, priority }) => ({ id, identifier, title, status, priority })),
    project: related.project,
    goal: related.goal,
    commentCursor: { totalComments, latestCommentId: latest?.id ?? null, latestCommentAt: latest?.createdAt.toISOString() ?? null },
    wakeComment: wakeComment
      ? {
          id: wakeComment.id,
          body: wakeComment.body,
          authorAgentId: wakeComment.authorAgentId,
          authorUserId: wakeComment.authorUserId,
          createdAt: wakeComment.createdAt.toISOString(),
        }
      : null,
  };
}

type InboxRow = {
  position: number;
  id: string;
  identifier: string;
  title: string;
  status: string;
  priority: string;
  project_id: string | null;
  goal_id: string | null;
  parent_id: string | null;
  checkout_run_id: string | null;
  updated_at: Date;
  blockers_total: number;
  blockers_open: number;
};

const INBOX_LIMIT = 100;
const INBOX_STATUS_ORDER = ["in_progress", "in_review", "todo", "blocked"] as const;

/**
 * The agent's assignments that need attention, in working order (in progress, in review, todo, blocked; then
 * priority and recency), with whether each one's blockers are clear. Each status is read from its own index range
 * and only the returned rows get blocker counts, so the cost does not grow with the agent's backlog.
 * Issues with a pending interaction addressed to the agent follow. At most 100 items: the agent works from the top,
 * and a heartbeat should stay cheap.
 */
export async function getInboxLite(agentId: string, companyId: string) {
  const branches = INBOX_STATUS_ORDER.map(
    (status, position) => `(
      SELECT ${position}::int AS position, i.id, i.identifier, i.title, i.status, i.priority, i.priority_rank, i.project_id, i.goal_id, i.parent_id, i.checkout_run_id, i.updated_at
        FROM issues i
       WHERE i.company_id = $1::uuid AND i.assignee_agent_id = $2::uuid AND i.status = '${status}'
         AND (i.hidden_at IS NULL OR i.hidden_at > now())
       ORDER BY i.priority_rank, i.updated_at DESC
       LIMIT $3)`,
  );
  // Issues where a pending question is addressed to this agent, unless they are already among its assignments above.
  branches.push(`(
      SELECT ${INBOX_STATUS_ORDER.length}::int AS position, i.id, i.identifier, i.title, i.status, i.priority, i.priority_rank, i.project_id, i.goal_id, i.parent_id, i.checkout_run_id, i.updated_at
        FROM issues i
       WHERE i.company_id = $1::uuid
         AND i.id IN (SELECT t.issue_id FROM issue_thread_interactions t WHERE t.addressee_agent_id = $2::uuid AND t.status = 'pending')
         AND NOT (i.assignee_agent_id IS NOT DISTINCT FROM $2::uuid AND i.status IN (${INBOX_STATUS_ORDER.map((status) => `'${status}'`).join(", ")}))
       ORDER BY i.priority_rank, i.updated_at DESC
       LIMIT $3)`);
  const rows = await sqlRows<InboxRow>(
    `SELECT picked.*, blockers.total AS blockers_total, blockers.open AS blockers_open
       FROM (SELECT * FROM (${branches.join(" UNION ALL ")}) AS everything ORDER BY position, priority_rank, updated_at DESC LIMIT $3) AS picked
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS total, count(*) FILTER (WHERE ${stillBlockingSql("b")})::int AS open
           FROM issue_relations r JOIN issues b ON b.id = r.blocked_by_issue_id
          WHERE r.issue_id = picked.id
       ) AS blockers ON true
      ORDER BY picked.position, picked.priority_rank, picked.updated_at DESC`,
    [companyId, agentId, INBOX_LIMIT],
  );
  return rows.map((row) => ({
    id: row.id,
    identifier: row.identifier,
    title: row.title,
    status: row.status,
    priority: row.priority,
    projectId: row.project_id,
    goalId: row.goal_id,
    parentId: row.parent_id,
    checkoutRunId: row.checkout_run_id,
    updatedAt: row.updated_at.toISOString(),
    blockers: { total: row.blockers_total, unresolved: row.blockers_open },
    ready: row.blockers_open === 0,
    /** Listed because a pending confirmation or question is addressed to this agent, not because it is assigned. */
    awaitingAgentResponse: row.position === INBOX_STATUS_ORDER.length,
  }));
}
