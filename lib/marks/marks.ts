import "server-only";
import type { Actor, AgentActor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, requireAgentActor, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { Prisma, type Issue } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Unprocessable } from "../errors";
import { publishEvent } from "../events/publish";
import { AGENT_RUN_ERRORS, liveRunCondition, resolveAgentRun } from "../heartbeats/runs";
import { findIssue } from "../issues/find";
import { normaliseMarkPaths } from "./paths";

// Advisory file marks ("who is editing what"). Marks never refuse: an agent always gets its mark, and others' marks on
// the same paths come back as warnings. Every change is numbered in file_mark_events for mark_updates.

export type SerializedMark = {
  id: string;
  companyId: string;
  workspaceId: string | null;
  path: string;
  agentId: string;
  agentName: string | null;
  issueId: string | null;
  issueIdentifier: string | null;
  runId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
};

export type MarkWarning = { file: string; markedBy: { agentId: string; agentName: string | null }; issueId: string | null; reason: string | null };
/** An issue's marks (with agentId: that agent's only), a run's, an agent's, or an execution workspace's. */
export type MarkReleaseScope = { issueId: string; agentId?: string } | { runId: string } | { agentId: string } | { workspaceId: string };

type MarkRow = {
  id: string;
  company_id: string;
  workspace_id: string | null;
  path: string;
  agent_id: string;
  agent_name: string | null;
  issue_id: string | null;
  issue_identifier: string | null;
  run_id: string | null;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
};

function serializeMark(row: MarkRow): SerializedMark {
  return {
    id: row.id,
    companyId: row.company_id,
    workspaceId: row.workspace_id,
    path: row.path,
    agentId: row.agent_id,
    agentName: row.agent_name,
    issueId: row.issue_id,
    issueIdentifier: row.issue_identifier,
    runId: row.run_id,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Marks of one company-and-workspace scope: a mark without a workspace is in the company's own scope. */
const NO_WORKSPACE = "00000000-0000-0000-0000-000000000000";
const sameWorkspace = (workspaceId: string | null) =>
  Prisma.sql`COALESCE(m.workspace_id, ${NO_WORKSPACE}::uuid) = COALESCE(${workspaceId}::uuid, ${NO_WORKSPACE}::uuid)`;

/** Rows `m` (marks, or marks just written or deleted) with their agent's name and issue's identifier. */
const WITH_NAMES = Prisma.sql`SELECT m.id, m.company_id, m.workspace_id, m.path, m.agent_id, a.name AS agent_name, m.issue_id, i.identifier AS issue_identifier,
       m.run_id, m.reason, m.created_at, m.updated_at`;
const NAMES_JOIN = Prisma.sql`LEFT JOIN agents a ON a.id = m.agent_id LEFT JOIN issues i ON i.id = m.issue_id`;

/**
 * Held exclusively by every write of marks and their events, and shared by mark_updates while it reads: event numbers
 * are then taken in commit order, so a reader that has seen number N has seen every event before it, while readers do
 * not wait for each other. Lock order: issue rows, then this lock, then agent rows (markFiles locks its task's row
 * first, as transitions hold it when they release marks, which they do before any wake locks an agent).
 */
async function lockCompanyMarks(tx: Tx, companyId: string, mode: "write" | "read" = "write") {
  if (mode === "read") await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtext('file-marks:' || ${companyId}))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('file-marks:' || ${companyId}))`;
}

/** file_marks.changed for each issue whose marks changed, and once for the company when marks without an issue did. */
async function publishMarksChanged(tx: Tx, companyId: string, rows: readonly MarkRow[]) {
  const issueIds = new Set(rows.map((row) => row.issue_id));
  for (const issueId of issueIds)
    await publishEvent(
      tx,
      issueId
        ? { companyId, type: "file_marks.changed", entityType: "issue", entityId: issueId, issueId }
        : { companyId, type: "file_marks.changed", entityType: "company", entityId: companyId },
    );
}

/** Deletes the marks `where` picks (over `m`), writing one 'unmarked' event each, in the caller's transaction under the lock. */
async function deleteMarks(tx: Tx, companyId: string, where: Prisma.Sql, reason: string | null): Promise<MarkRow[]> {
  const rows = await tx.$queryRaw<MarkRow[]>`
    WITH gone AS (DELETE FROM file_marks m WHERE m.company_id = ${companyId}::uuid AND ${where} RETURNING m.*),
         logged AS (
           INSERT INTO file_mark_events (company_id, workspace_id, path, agent_id, issue_id, action, reason)
           SELECT company_id, workspace_id, path, agent_id, issue_id, 'unmarked', ${reason} FROM gone ORDER BY path, agent_id)
    ${WITH_NAMES} FROM gone m ${NAMES_JOIN} ORDER BY m.path, m.agent_id`;
  await publishMarksChanged(tx, companyId, rows);
  return rows;
}

/**
 * Deletes the marks in scope (an issue's, one agent's on an issue, a run's, an agent's or a workspace's), writes one 'unmarked' event per mark with `reason`
 * and publishes file_marks.changed, in the caller's transaction, which for an issue holds that issue's row lock.
 * Returns how many were released.
 */
export async function releaseMarks(tx: Tx, scope: MarkReleaseScope, reason: string): Promise<number> {
  // Every close of an issue comes here, so an issue without marks skips the company-wide lock, safely: markFiles ties a
  // mark to an issue only under a key-share lock on its row, which the caller's FOR UPDATE of that row waits out and then
  // excludes (a run's or agent's marks are written under no row lock of ours, so those scopes always take the lock).
  if ("issueId" in scope) {
    const [marked] = await tx.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM file_marks WHERE issue_id = ${scope.issueId}::uuid) AS any`;
    if (!marked.any) return 0;
  }
  const { owner: ownerQuery, where } = releaseTarget(scope);
  const [owner] = await tx.$queryRaw<{ company_id: string }[]>(ownerQuery);
  if (!owner) return 0;
  await lockCompanyMarks(tx, owner.company_id);
  return (await deleteMarks(tx, owner.company_id, where, reason)).length;
}

/** For each kind of scope: the row whose company it is in, and which marks (over `m`) it covers. */
function releaseTarget(scope: MarkReleaseScope): { owner: Prisma.Sql; where: Prisma.Sql } {
  if ("issueId" in scope)
    return {
      owner: Prisma.sql`SELECT company_id FROM issues WHERE id = ${scope.issueId}::uuid`,
      where: scope.agentId
        ? Prisma.sql`m.issue_id = ${scope.issueId}::uuid AND m.agent_id = ${scope.agentId}::uuid`
        : Prisma.sql`m.issue_id = ${scope.issueId}::uuid`,
    };
  if ("runId" in scope)
    return { owner: Prisma.sql`SELECT company_id FROM heartbeat_runs WHERE id = ${scope.runId}::uuid`, where: Prisma.sql`m.run_id = ${scope.runId}::uuid` };
  if ("workspaceId" in scope)
    return {
      owner: Prisma.sql`SELECT company_id FROM execution_workspaces WHERE id = ${scope.workspaceId}::uuid`,
      where: Prisma.sql`m.workspace_id = ${scope.workspaceId}::uuid`,
    };
  return { owner: Prisma.sql`SELECT company_id FROM agents WHERE id = ${scope.agentId}::uuid`, where: Prisma.sql`m.agent_id = ${scope.agentId}::uuid` };
}

export const LAPSED_RUN_REASON = "agent not heard from in 30 minutes";

/**
 * Marks made under an external run (an agent outside Switchboard, announced by header) that is no longer live by
 * liveRunCondition: nothing ends such a run, so its marks are released here, from the scheduler's minute loop. The
 * run's status and its tasks are left as they are (it has no end Switchboard can see; the checkout lock already lapses
 * by the same condition); only who-is-editing-what is cleared. Re-checked under the lock, so a run heard from again
 * in between keeps its marks.
 */
export async function releaseLapsedRunMarks(): Promise<number> {
  const lapsed = await db.$queryRawUnsafe<{ run_id: string; company_id: string }[]>(
    `SELECT DISTINCT m.run_id, m.company_id FROM file_marks m JOIN heartbeat_runs r ON r.id = m.run_id
      WHERE r.invocation_source = 'external' AND NOT ${liveRunCondition("m.run_id")}`,
  );
  let released = 0;
  for (const run of lapsed) {
    released += await db.$transaction(async (tx) => {
      await lockCompanyMarks(tx, run.company_id);
      const still = Prisma.sql`m.run_id = ${run.run_id}::uuid AND NOT ${Prisma.raw(liveRunCondition("m.run_id"))}`;
      return (await deleteMarks(tx, run.company_id, still, LAPSED_RUN_REASON)).length;
    });
  }
  return released;
}

/** How long mark events are kept for a company none of whose agents has read them lately, and how long a cursor that has not moved holds them. */
const UNREAD_EVENTS_KEPT = "7 days";

/**
 * Drops mark events no reader needs: a company's at or below the lowest cursor read in the last seven days, or, while
 * none of its cursors was, those older than seven days, so one agent that stopped reading does not pin its company's
 * events forever. A cursor the prune passed is deleted with them: that reader's next mark_updates then answers with
 * the marks held now (as a first call does) rather than events with a gap. Per company under the marks lock, so no
 * reader is between reading its cursor and the events after it.
 */
export async function pruneMarkEvents(): Promise<number> {
  const companies = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM companies c WHERE EXISTS (SELECT 1 FROM file_mark_events e WHERE e.company_id = c.id)`;
  let pruned = 0;
  for (const { id: companyId } of companies) {
    pruned += await db.$transaction(async (tx) => {
      await lockCompanyMarks(tx, companyId);
      const [{ count }] = await tx.$queryRaw<{ count: bigint }[]>`
        WITH fresh AS (
               SELECT min(last_seq) AS floor FROM file_mark_cursors
                WHERE company_id = ${companyId}::uuid AND updated_at >= now() - ${UNREAD_EVENTS_KEPT}::interval),
             gone AS (
               DELETE FROM file_mark_events e USING fresh
                WHERE e.company_id = ${companyId}::uuid
                  AND CASE WHEN fresh.floor IS NULL THEN e.created_at < now() - ${UNREAD_EVENTS_KEPT}::interval ELSE e.seq <= fresh.floor END
               RETURNING e.seq),
             passed AS (
               DELETE FROM file_mark_cursors k WHERE k.company_id = ${companyId}::uuid AND k.last_seq < (SELECT max(seq) FROM gone))
        SELECT count(*)::bigint AS count FROM gone`;
      return Number(count);
    });
  }
  return pruned;
}

/** The task named, else the agent's in-progress issue this run has checked out, else none. */
async function markTask(actor: AgentActor, runId: string | null, task: string | undefined): Promise<Issue | null> {
  if (task) return findIssue(actor, task);
  if (!runId) return null;
  return db.issue.findFirst({
    where: { companyId: actor.companyId, assigneeAgentId: actor.agentId, status: "in_progress", checkoutRunId: runId },
    orderBy: { updatedAt: "desc" },
  });
}

/** The folder the task's workspace works in: absolute paths inside it are marked relative to it. */
async function workspaceCwd(task: Issue | null): Promise<string | null> {
  if (!task?.executionWorkspaceId) return null;
  const workspace = await db.executionWorkspace.findFirst({ where: { id: task.executionWorkspaceId, companyId: task.companyId }, select: { cwd: true } });
  return workspace?.cwd ?? null;
}

export const MARK_FILES_ERRORS = [...AGENT_RUN_ERRORS, ...COMPANY_ACCESS_ERRORS, "agent_only", "invalid_field"] as const satisfies readonly ErrorCode[];

/**
 * Marks files as being edited by the calling agent, scoped to its company and the task's execution workspace (none
 * without a task). `task` defaults to the in-progress issue this run checked out. Advisory: the mark is always made
 * (again, with the new reason and task, when the agent already held it); others' marks on the same paths come back as
 * warnings.
 */
export async function markFiles(
  actor: Actor,
  requestRunId: string | null,
  input: { files: string[]; task?: string; reason?: string },
): Promise<{ marked: SerializedMark[]; warnings: MarkWarning[] }> {
  requireAgentActor(actor);
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  const task = await markTask(actor, runId, input.task);
  if (task) requireCompanyAccess(actor, task.companyId, "act");
  const paths = normaliseMarkPaths(input.files, await workspaceCwd(task));
  const workspaceId = task?.executionWorkspaceId ?? null;
  const reason = input.reason || null;
  return db.$transaction(async (tx) => {
    // The mark references the issue (a key-share lock on its row): take it before the marks lock, in the one order.
    if (task) await tx.$queryRaw`SELECT 1 FROM issues WHERE id = ${task.id}::uuid FOR KEY SHARE`;
    await lockCompanyMarks(tx, actor.companyId);
    const marked = await tx.$queryRaw<MarkRow[]>`
      WITH m AS (
             INSERT INTO file_marks (company_id, workspace_id, path, agent_id, issue_id, run_id, reason)
             SELECT ${actor.companyId}::uuid, ${workspaceId}::uuid, path, ${actor.agentId}::uuid, ${task?.id ?? null}::uuid, ${runId}::uuid, ${reason}
               FROM unnest(${paths}::text[]) WITH ORDINALITY AS given(path, place) ORDER BY place
             ON CONFLICT (company_id, COALESCE(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid), path, agent_id)
             DO UPDATE SET issue_id = EXCLUDED.issue_id, run_id = EXCLUDED.run_id, reason = EXCLUDED.reason, updated_at = now()
             RETURNING *),
           logged AS (
             INSERT INTO file_mark_events (company_id, workspace_id, path, agent_id, issue_id, action, reason)
             SELECT company_id, workspace_id, path, agent_id, issue_id, 'marked', reason FROM m ORDER BY path)
      ${WITH_NAMES} FROM m ${NAMES_JOIN} ORDER BY m.path`;
    const others = await tx.$queryRaw<MarkRow[]>`
      ${WITH_NAMES} FROM file_marks m ${NAMES_JOIN}
       WHERE m.company_id = ${actor.companyId}::uuid AND ${sameWorkspace(workspaceId)} AND m.path = ANY(${paths}::text[]) AND m.agent_id <> ${actor.agentId}::uuid
       ORDER BY m.path, m.created_at`;
    await publishMarksChanged(tx, actor.companyId, marked);
    return {
      marked: marked.map(serializeMark),
      warnings: others.map((row) => ({
        file: row.path,
        markedBy: { agentId: row.agent_id, agentName: row.agent_name },
        issueId: row.issue_id,
        reason: row.reason,
      })),
    };
  });
}

export const UNMARK_FILES_ERRORS = MARK_FILES_ERRORS;

/**
 * Releases the calling agent's marks: `files: "*"` every mark it holds, `task` every mark tied to that task (with both,
 * that task's), `files` those paths (in the named task's workspace; without a task, in any scope, absolute paths also
 * taken relative to the workspace of the task this run checked out). Neither is 422 naming `files`.
 */
export async function unmarkFiles(
  actor: Actor,
  requestRunId: string | null,
  input: { files?: string[] | "*"; task?: string; reason?: string },
): Promise<{ unmarked: SerializedMark[]; count: number }> {
  requireAgentActor(actor);
  if (input.files === undefined && !input.task) throw Unprocessable.field("files", 'Name the files to unmark, "*" for every mark you hold, or a task');
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  const named = Array.isArray(input.files) ? input.files : null;
  const task = input.task || named ? await markTask(actor, runId, input.task) : null;
  if (task) requireCompanyAccess(actor, task.companyId, "act");
  const conditions = [Prisma.sql`m.agent_id = ${actor.agentId}::uuid`];
  if (named) {
    const cwd = await workspaceCwd(task);
    // Without a named task a mark may sit in any scope: an absolute path matches as given and inside the run's workspace.
    const paths = input.task || !cwd ? normaliseMarkPaths(named, cwd) : [...new Set([...normaliseMarkPaths(named, cwd), ...normaliseMarkPaths(named, null)])];
    conditions.push(Prisma.sql`m.path = ANY(${paths}::text[])`);
    if (input.task && task) conditions.push(sameWorkspace(task.executionWorkspaceId));
  } else if (task) conditions.push(Prisma.sql`m.issue_id = ${task.id}::uuid`);
  const rows = await db.$transaction(async (tx) => {
    await lockCompanyMarks(tx, actor.companyId);
    return deleteMarks(tx, actor.companyId, Prisma.join(conditions, " AND "), input.reason || null);
  });
  return { unmarked: rows.map(serializeMark), count: rows.length };
}

export const LIST_MARKS_ERRORS = [...COMPANY_ACCESS_ERRORS, "invalid_field"] as const satisfies readonly ErrorCode[];

/** The company's marks, oldest first, narrowed by task (id or identifier), workspace, agent and paths. */
export async function listMarks(
  actor: Actor,
  companyId: string,
  filter: { issueId?: string; workspaceId?: string; agentId?: string; files?: string[] },
): Promise<SerializedMark[]> {
  requireCompanyAccess(actor, companyId, "read");
  const conditions = [Prisma.sql`m.company_id = ${companyId}::uuid`];
  const issue = filter.issueId ? await findIssue(actor, filter.issueId) : null;
  if (issue) conditions.push(Prisma.sql`m.issue_id = ${issue.id}::uuid`);
  if (filter.workspaceId) conditions.push(Prisma.sql`m.workspace_id = ${filter.workspaceId}::uuid`);
  if (filter.agentId) conditions.push(Prisma.sql`m.agent_id = ${filter.agentId}::uuid`);
  if (filter.files) {
    const workspace = filter.workspaceId
      ? await db.executionWorkspace.findFirst({ where: { id: filter.workspaceId, companyId }, select: { cwd: true } })
      : null;
    conditions.push(Prisma.sql`m.path = ANY(${normaliseMarkPaths(filter.files, workspace?.cwd ?? null)}::text[])`);
  }
  const rows = await db.$queryRaw<MarkRow[]>`
    ${WITH_NAMES} FROM file_marks m ${NAMES_JOIN} WHERE ${Prisma.join(conditions, " AND ")} ORDER BY m.created_at, m.path, m.id`;
  return rows.map(serializeMark);
}

/** An issue's marks (`GET /api/issues/:id/file-marks`). */
export async function listIssueMarks(actor: Actor, ref: string): Promise<SerializedMark[]> {
  const issue = await findIssue(actor, ref);
  return listMarks(actor, issue.companyId, { issueId: issue.id });
}

type MarkChange = { file: string; agentId: string; agentName: string | null; issueId: string | null; reason: string | null };
export const MARK_UPDATES_ERRORS = ["agent_only"] as const satisfies readonly ErrorCode[];

export type MarkUpdates = {
  newMarks: (MarkChange & { markedAt: string })[];
  removedMarks: (MarkChange & { removedAt: string })[];
  /** The last event number read, as a string (it is a bigint). */
  sequence: string;
};

/** At most this many events a call; the cursor stops at the last one returned, so the next call goes on from there. */
const MARK_UPDATES_PAGE = 500;

type EventRow = {
  seq: bigint;
  path: string;
  agent_id: string;
  agent_name: string | null;
  issue_id: string | null;
  action: string;
  reason: string | null;
  created_at: Date;
};

/**
 * What other agents marked and unmarked since this agent last asked, in event order (a mark made and released in the
 * window is in both lists), then the agent's cursor moves past them. The first call has no cursor: it answers with the
 * marks others hold now and starts the cursor at the company's latest event.
 */
export async function markUpdates(actor: Actor): Promise<MarkUpdates> {
  requireAgentActor(actor);
  return db.$transaction(async (tx) => {
    // Under the lock (shared: writers hold it exclusively), the marks read and the latest number agree, and no lower
    // number can still commit.
    await lockCompanyMarks(tx, actor.companyId, "read");
    const [cursor] = await tx.$queryRaw<{ last_seq: bigint }[]>`SELECT last_seq FROM file_mark_cursors WHERE agent_id = ${actor.agentId}::uuid`;
    let result: MarkUpdates;
    if (!cursor) {
      const [{ latest }] = await tx.$queryRaw<{ latest: bigint }[]>`
        SELECT COALESCE(max(seq), 0)::bigint AS latest FROM file_mark_events WHERE company_id = ${actor.companyId}::uuid`;
      const held = await tx.$queryRaw<MarkRow[]>`
        ${WITH_NAMES} FROM file_marks m ${NAMES_JOIN}
         WHERE m.company_id = ${actor.companyId}::uuid AND m.agent_id <> ${actor.agentId}::uuid ORDER BY m.updated_at, m.path`;
      result = {
        newMarks: held.map((row) => ({ ...markChange(row), markedAt: row.updated_at.toISOString() })),
        removedMarks: [],
        sequence: latest.toString(),
      };
    } else {
      const events = await tx.$queryRaw<EventRow[]>`
        SELECT e.seq, e.path, e.agent_id, a.name AS agent_name, e.issue_id, e.action, e.reason, e.created_at
          FROM file_mark_events e LEFT JOIN agents a ON a.id = e.agent_id
         WHERE e.company_id = ${actor.companyId}::uuid AND e.seq > ${cursor.last_seq} AND e.agent_id <> ${actor.agentId}::uuid
         ORDER BY e.seq LIMIT ${MARK_UPDATES_PAGE}`;
      const lastSeen = events.length === MARK_UPDATES_PAGE ? events[events.length - 1].seq : await latestSeq(tx, actor.companyId, cursor.last_seq);
      result = {
        newMarks: events.filter((event) => event.action === "marked").map((event) => ({ ...markChange(event), markedAt: event.created_at.toISOString() })),
        removedMarks: events
          .filter((event) => event.action === "unmarked")
          .map((event) => ({ ...markChange(event), removedAt: event.created_at.toISOString() })),
        sequence: lastSeen.toString(),
      };
    }
    await tx.$executeRaw`
      INSERT INTO file_mark_cursors (agent_id, company_id, last_seq) VALUES (${actor.agentId}::uuid, ${actor.companyId}::uuid, ${BigInt(result.sequence)})
      ON CONFLICT (agent_id) DO UPDATE SET last_seq = EXCLUDED.last_seq, company_id = EXCLUDED.company_id, updated_at = now()`;
    return result;
  });
}

/** The company's latest event number, own events included, so the cursor also moves past this agent's own changes. */
async function latestSeq(tx: Tx, companyId: string, atLeast: bigint): Promise<bigint> {
  const [{ latest }] = await tx.$queryRaw<{ latest: bigint | null }[]>`SELECT max(seq) AS latest FROM file_mark_events WHERE company_id = ${companyId}::uuid`;
  return latest !== null && latest > atLeast ? latest : atLeast;
}

function markChange(row: { path: string; agent_id: string; agent_name: string | null; issue_id: string | null; reason: string | null }): MarkChange {
  return { file: row.path, agentId: row.agent_id, agentName: row.agent_name, issueId: row.issue_id, reason: row.reason };
}
