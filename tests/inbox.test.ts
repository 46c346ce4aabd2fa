import { describe, expect, it } from "vitest";
import * as mineRoute from "@/app/api/agents/me/inbox/mine/route";
import * as companyInboxRoute from "@/app/api/companies/[companyId]/inbox/route";
import * as archiveRoute from "@/app/api/issues/[id]/inbox-archive/route";
import * as interactionsRoute from "@/app/api/issues/[id]/interactions/route";
import * as readRoute from "@/app/api/issues/[id]/read/route";
import { db } from "@/lib/db/client";
import { sqlPool, sqlRows } from "@/lib/db/sql";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { agentWithRun, comment, createIssue, patchIssue, type AgentHandle } from "./support/issues";
import { waitFor } from "./support/wait";

type InboxItem = {
  issue: { id: string; identifier: string };
  reasons: string[];
  isUnread: boolean;
  isArchived: boolean;
  lastActivityAt: string | null;
  lastActivity: unknown;
};

const inbox = (companyId: string, token: string, query = "") =>
  callRoute(companyInboxRoute.GET, "GET", `/api/companies/${companyId}/inbox`, { token, params: { companyId }, query });
const ids = async (companyId: string, token: string, tab: string) =>
  ((await inbox(companyId, token, `tab=${tab}`)).json.items as InboxItem[]).map((item) => item.issue.id);
const read = (id: string, token: string) => callRoute(readRoute.POST, "POST", `/api/issues/${id}/read`, { token, params: { id } });
const unread = (id: string, token: string) => callRoute(readRoute.DELETE, "DELETE", `/api/issues/${id}/read`, { token, params: { id } });
const archive = (id: string, token: string) => callRoute(archiveRoute.POST, "POST", `/api/issues/${id}/inbox-archive`, { token, params: { id } });
const unarchive = (id: string, token: string) => callRoute(archiveRoute.DELETE, "DELETE", `/api/issues/${id}/inbox-archive`, { token, params: { id } });
const mine = (token: string, query: string, headers: Record<string, string> = {}) =>
  callRoute(mineRoute.GET, "GET", "/api/agents/me/inbox/mine", { token, query, headers });

async function world() {
  const company = await seedCompany();
  const ann = await seedUser({ memberships: { [company.id]: "operator" } });
  const ben = await seedUser({ memberships: { [company.id]: "owner" } });
  const alice = await agentWithRun(company.id, "Alice");
  return { company, ann, ben, alice };
}

async function newIssue(companyId: string, token: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await createIssue(companyId, token, { title: `Issue ${Math.random().toString(36).slice(2, 8)}`, ...body }, headers);
  expect(res.status).toBe(201);
  return res.json as { id: string; identifier: string };
}

const agentComment = (id: string, agent: AgentHandle, body = "Progress update") => comment(id, agent.token, body, agent.headers);

describe("inbox", () => {
  it("involvement: assigned, created, commented, @-mentioned and awaiting my decision each put an issue in my inbox; others' issues do not", async () => {
    const { company, ann, ben, alice } = await world();
    const assigned = await newIssue(company.id, ben.token, { assigneeUserId: ann.user.id });
    const created = await newIssue(company.id, ann.token);
    const commented = await newIssue(company.id, ben.token);
    expect((await comment(commented.id, ann.token, "I'll look")).status).toBe(201);
    const mentioned = await newIssue(company.id, ben.token);
    expect((await agentComment(mentioned.id, alice, `Question for @${ann.user.name}: ok?`)).status).toBe(201);
    const mentionedByEmail = await newIssue(company.id, ben.token);
    expect((await agentComment(mentionedByEmail.id, alice, `cc @${ann.user.email}`)).status).toBe(201);
    const asked = await newIssue(company.id, ben.token);
    const interaction = await callRoute(interactionsRoute.POST, "POST", `/api/issues/${asked.id}/interactions`, {
      token: alice.token,
      params: { id: asked.id },
      headers: alice.headers,
      body: { kind: "request_confirmation", addresseeUserId: ann.user.id, payload: { version: 1, prompt: "Ship it?" } },
    });
    expect(interaction.status).toBe(201);
    const reviewing = await newIssue(company.id, ben.token);
    await db.issue.update({
      where: { id: reviewing.id },
      data: { executionState: { status: "pending", currentParticipant: { type: "user", userId: ann.user.id } } },
    });
    const notMine = await newIssue(company.id, ben.token);
    await agentComment(notMine.id, alice, `Hi @${ben.user.name}`);

    const items = (await inbox(company.id, ann.token, "tab=all")).json.items as InboxItem[];
    const reasons = Object.fromEntries(items.map((item) => [item.issue.id, item.reasons]));
    expect(reasons).toEqual({
      [assigned.id]: ["assigned"],
      [created.id]: ["created"],
      [commented.id]: ["commented"],
      [mentioned.id]: ["mentioned"],
      [mentionedByEmail.id]: ["mentioned"],
      [asked.id]: ["awaiting_decision"],
      [reviewing.id]: ["awaiting_decision"],
    });
    expect(await ids(company.id, ann.token, "mentioned")).toEqual(expect.arrayContaining([mentioned.id, mentionedByEmail.id]));
    expect(await ids(company.id, ann.token, "mentioned")).toHaveLength(2);
    // Ben created all but one of them: they are his too, and Ann's own issue is not.
    expect(await ids(company.id, ben.token, "all")).not.toContain(created.id);
  });

  it("unread flips on another's comment, not on my own; reading clears it; marking unread brings it back; newest activity by others first", async () => {
    const { company, ann, ben, alice } = await world();
    const first = await newIssue(company.id, ann.token);
    const second = await newIssue(company.id, ann.token);
    expect(await ids(company.id, ann.token, "unread")).toEqual([]);
    expect((await comment(first.id, ann.token, "My own note")).status).toBe(201);
    expect(await ids(company.id, ann.token, "unread")).toEqual([]);

    await agentComment(first.id, alice);
    await comment(second.id, ben.token, "Ben weighs in");
    const page = await inbox(company.id, ann.token);
    expect(page.status).toBe(200);
    expect(page.json.counts).toEqual({ unread: 2 });
    expect((page.json.items as InboxItem[]).map((item) => item.issue.id)).toEqual([second.id, first.id]);
    expect(page.json.items[0].lastActivity).toMatchObject({ action: "issue.comment_added", actor: { type: "user", id: ben.user.id, name: ben.user.name } });
    expect(page.json.items[1].lastActivity).toMatchObject({ actor: { type: "agent", id: alice.agent.id, name: "Alice" } });

    const marked = await read(first.id, ann.token);
    expect(marked.status).toBe(200);
    expect(Object.keys(marked.json).sort()).toEqual(["companyId", "issueId", "lastReadAt", "userId"]);
    expect((await inbox(company.id, ann.token)).json).toMatchObject({ counts: { unread: 1 }, items: [{ issue: { id: second.id } }] });
    // Reading is per person: Ben's own view of the issue he commented on is unaffected by Ann's read.
    expect((await inbox(company.id, ann.token, "tab=all")).json.items.find((item: InboxItem) => item.issue.id === first.id).isUnread).toBe(false);

    // A status change by someone else is activity too.
    expect((await patchIssue(first.id, ben.token, { status: "in_progress" })).status).toBe(200);
    expect(await ids(company.id, ann.token, "unread")).toEqual([first.id, second.id]);
    await read(first.id, ann.token);
    await read(second.id, ann.token);
    expect((await inbox(company.id, ann.token)).json.counts.unread).toBe(0);
    expect((await unread(second.id, ann.token)).json).toMatchObject({ issueId: second.id, lastReadAt: null });
    expect(await ids(company.id, ann.token, "unread")).toEqual([second.id]);
  });

  it("archive hides the issue until someone else comments; my own comment does not bring it back; unarchive does", async () => {
    const { company, ann, alice } = await world();
    const issue = await newIssue(company.id, ann.token);
    await agentComment(issue.id, alice);
    const archived = await archive(issue.id, ann.token);
    expect(archived.status).toBe(200);
    expect(Object.keys(archived.json).sort()).toEqual(["archivedAt", "companyId", "issueId", "userId"]);
    expect(await ids(company.id, ann.token, "all")).toEqual([]);
    expect(await ids(company.id, ann.token, "unread")).toEqual([]);
    expect(await ids(company.id, ann.token, "archived")).toEqual([issue.id]);

    await comment(issue.id, ann.token, "Talking to myself");
    expect(await ids(company.id, ann.token, "all")).toEqual([]);
    await agentComment(issue.id, alice, "Back again");
    expect(await ids(company.id, ann.token, "unread")).toEqual([issue.id]);
    expect(await ids(company.id, ann.token, "archived")).toEqual([]);

    await archive(issue.id, ann.token);
    expect((await unarchive(issue.id, ann.token)).json).toMatchObject({ issueId: issue.id, archivedAt: null });
    expect(await ids(company.id, ann.token, "all")).toEqual([issue.id]);
    // Archiving twice, unarchiving what was never archived: both fine.
    expect((await archive(issue.id, ann.token)).status).toBe(200);
    expect((await archive(issue.id, ann.token)).status).toBe(200);
    await unarchive(issue.id, ann.token);
    expect((await unarchive(issue.id, ann.token)).status).toBe(200);
  });

  it("concurrent reads and archives of one issue by one user all succeed and leave one row each", async () => {
    const { company, ann, alice } = await world();
    const issue = await newIssue(company.id, ann.token);
    await agentComment(issue.id, alice);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => (index % 2 ? read(issue.id, ann.token) : archive(issue.id, ann.token))));
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
    expect(await db.issueReadState.count({ where: { issueId: issue.id } })).toBe(1);
    expect(await db.issueInboxArchive.count({ where: { issueId: issue.id } })).toBe(1);
    expect(await ids(company.id, ann.token, "archived")).toEqual([issue.id]);
    expect((await inbox(company.id, ann.token)).json.counts.unread).toBe(0);
  });

  it("viewers have an inbox of their own: they read and archive; agents may not mark read or archive (403)", async () => {
    const { company, ann, alice } = await world();
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    const issue = await newIssue(company.id, ann.token, { assigneeUserId: viewer.user.id });
    await agentComment(issue.id, alice, `@${viewer.user.name} fyi`);
    expect(await ids(company.id, viewer.token, "unread")).toEqual([issue.id]);
    expect((await read(issue.id, viewer.token)).status).toBe(200);
    expect((await archive(issue.id, viewer.token)).status).toBe(200);
    expect(await ids(company.id, viewer.token, "all")).toEqual([]);

    for (const res of [
      await read(issue.id, alice.token),
      await archive(issue.id, alice.token),
      await unread(issue.id, alice.token),
      await unarchive(issue.id, alice.token),
    ]) {
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("board_required");
    }
    expect((await inbox(company.id, alice.token)).status).toBe(403);
  });

  it("another company's issue is 404 for read and archive, and its inbox 404", async () => {
    const { company, ann } = await world();
    const other = await seedCompany();
    const stranger = await seedUser({ memberships: { [other.id]: "owner" } });
    const foreign = await newIssue(other.id, stranger.token);
    for (const res of [await read(foreign.id, ann.token), await archive(foreign.id, ann.token), await unread(foreign.id, ann.token)]) {
      expect(res.status).toBe(404);
    }
    expect(await db.issueReadState.count({ where: { issueId: foreign.id } })).toBe(0);
    expect((await inbox(other.id, ann.token)).status).toBe(404);
    expect((await inbox(company.id, ann.token)).status).toBe(200);
  });

  it("GET /api/agents/me/inbox/mine — Paperclip's shape for a member; 404 for a non-member or another company's user; 403 for board users", async () => {
    const { company, ann, ben, alice } = await world();
    const outsider = await seedUser();
    const other = await seedCompany();
    const foreignUser = await seedUser({ memberships: { [other.id]: "owner" } });
    const issue = await newIssue(company.id, ben.token, { assigneeUserId: ann.user.id });
    const cancelled = await newIssue(company.id, ben.token, { assigneeUserId: ann.user.id });
    await patchIssue(cancelled.id, ben.token, { status: "cancelled" });
    await agentComment(issue.id, alice, "Done with the first pass");

    const res = await mine(alice.token, `userId=${ann.user.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    expect(res.json[0]).toMatchObject({
      id: issue.id,
      identifier: issue.identifier,
      assigneeUserId: ann.user.id,
      isUnreadForMe: true,
      myLastTouchAt: null,
      lastExternalCommentAt: expect.any(String),
      lastActivityAt: expect.any(String),
      inboxReasons: ["assigned"],
    });
    expect(res.json[0].labelIds).toEqual([]);
    // The default status filter leaves cancelled out, as Paperclip's does; asking for it brings it.
    expect((await mine(alice.token, `userId=${ann.user.id}&status=cancelled`)).json.map((row: { id: string }) => row.id)).toEqual([cancelled.id]);

    await read(issue.id, ann.token);
    const after = (await mine(alice.token, `userId=${ann.user.id}`)).json[0];
    expect(after.isUnreadForMe).toBe(false);
    expect(after.myLastTouchAt).toEqual(expect.any(String));
    await archive(issue.id, ann.token);
    expect((await mine(alice.token, `userId=${ann.user.id}`)).json).toEqual([]);
    expect((await mine(alice.token, `userId=${ann.user.id}&includeArchived=true`)).json.map((row: { id: string }) => row.id)).toEqual([issue.id]);

    for (const userId of [outsider.user.id, foreignUser.user.id, "not-a-user"]) {
      const refused = await mine(alice.token, `userId=${userId}`);
      expect(refused.status).toBe(404);
    }
    expect((await mine(alice.token, "")).status).toBe(400);
    const board = await mine(ann.token, `userId=${ann.user.id}`);
    expect(board.status).toBe(403);
    expect(board.json.code).toBe("inbox_agent_only");
  });

  it("the last activity by others comes out the same for rows written in bulk, out of order, by any writer", async () => {
    const { company, ann, ben, alice } = await world();
    const issues = [await newIssue(company.id, ann.token), await newIssue(company.id, ann.token), await newIssue(company.id, ann.token)];
    // As an import or a script writes them: several issues per statement, times out of order, Ann's own rows newest on
    // some issues, Ben, Alice and Switchboard itself (no author) in between; then activity rows the same way.
    const base = Date.now() - 60 * 60_000;
    const rows = issues.flatMap((issue, i) =>
      [0, 1, 2, 3, 4, 5].map((j) => ({ issueId: issue.id, who: (i + j) % 4, at: base - ((j * 7 + i * 3) % 11) * 60_000 })),
    );
    await sqlRows(
      `INSERT INTO issue_comments (company_id, issue_id, body, author_user_id, author_agent_id, created_at, updated_at)
       SELECT $1::uuid, e.issue_id, 'bulk', CASE e.who WHEN 0 THEN $2::uuid WHEN 1 THEN $3::uuid END, CASE e.who WHEN 2 THEN $4::uuid END, e.at, e.at
         FROM unnest($5::uuid[], $6::int[], $7::timestamptz[]) AS e(issue_id, who, at)`,
      [company.id, ann.user.id, ben.user.id, alice.agent.id, rows.map((row) => row.issueId), rows.map((row) => row.who), rows.map((row) => new Date(row.at))],
    );
    await sqlRows(
      `INSERT INTO activity_log (company_id, actor_type, actor_id, action, entity_type, entity_id, created_at)
       SELECT $1::uuid, (ARRAY['user', 'user', 'agent', 'system'])[e.who + 1], (ARRAY[$2, $3, $4, 'system'])[e.who + 1], 'issue.updated', 'issue', e.issue_id, e.at
         FROM unnest($5::text[], $6::int[], $7::timestamptz[]) AS e(issue_id, who, at)`,
      [
        company.id,
        ann.user.id,
        ben.user.id,
        alice.agent.id,
        rows.map((row) => row.issueId),
        rows.map((row) => (row.who + 1) % 4),
        rows.map((row) => new Date(row.at - 30_000)),
      ],
    );
    for (const reader of [ann, ben]) {
      // The definition itself, read from the rows: the later of the newest comment and the newest activity not by the reader.
      const expected = await sqlRows<{ id: string; at: Date }>(
        `SELECT i.id, GREATEST(
                  (SELECT max(created_at) FROM issue_comments WHERE issue_id = i.id AND author_user_id IS DISTINCT FROM $2::uuid),
                  (SELECT max(created_at) FROM activity_log
                    WHERE entity_type = 'issue' AND entity_id = i.id::text AND NOT (actor_type = 'user' AND actor_id = $2::text))) AS at
           FROM issues i WHERE i.id = ANY($1::uuid[]) ORDER BY at DESC, i.id DESC`,
        [issues.map((issue) => issue.id), reader.user.id],
      );
      const items = (await inbox(company.id, reader.token, "tab=all")).json.items as InboxItem[];
      expect(items.map((item) => [item.issue.id, item.lastActivityAt])).toEqual(expected.map((row) => [row.id, row.at.toISOString()]));
    }
  });

  it("two writers on one issue at once: the second waits for the first's row and keeps both actors", async () => {
    const { company, ann, ben, alice } = await world();
    const issue = await newIssue(company.id, ben.token);
    const first = await sqlPool().connect();
    const second = await sqlPool().connect();
    try {
      await first.query("BEGIN");
      await first.query(
        `INSERT INTO activity_log (company_id, actor_type, actor_id, action, entity_type, entity_id, created_at)
         VALUES ($1, 'agent', $2, 'issue.updated', 'issue', $3, now() + interval '1 minute')`,
        [company.id, alice.agent.id, issue.id],
      );
      await second.query("BEGIN");
      const secondPid = (await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      const inserting = second.query(
        "INSERT INTO issue_comments (company_id, issue_id, body, author_user_id, created_at) VALUES ($1, $2, 'Mine', $3, now() + interval '2 minutes')",
        [company.id, issue.id, ann.user.id],
      );
      await waitFor(
        async () =>
          (await sqlRows<{ waiting: boolean }>("SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1", [secondPid]))[0]?.waiting,
        "the second writer waiting for the issue row",
      );
      await first.query("COMMIT");
      await inserting;
      await second.query("COMMIT");
    } finally {
      first.release();
      second.release();
    }
    const [row] = await sqlRows<{ last_activity_actor: string; previous_activity_actor: string }>(
      "SELECT last_activity_actor, previous_activity_actor FROM issues WHERE id = $1",
      [issue.id],
    );
    expect(row).toEqual({ last_activity_actor: `user:${ann.user.id}`, previous_activity_actor: `agent:${alice.agent.id}` });
    const item = ((await inbox(company.id, ann.token, "tab=all")).json.items as InboxItem[]).find((entry) => entry.issue.id === issue.id);
    expect(item?.lastActivity).toMatchObject({ actor: { type: "agent", id: alice.agent.id } });
  });

  it("pages by nextCursor without repeats or gaps", async () => {
    const { company, ann, alice } = await world();
    const created: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const issue = await newIssue(company.id, ann.token);
      await agentComment(issue.id, alice, `note ${index}`);
      created.unshift(issue.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json: { items: InboxItem[]; nextCursor: string | null } } = await inbox(
        company.id,
        ann.token,
        `tab=all&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      seen.push(...res.json.items.map((item) => item.issue.id));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created);
    for (const cursor of ["bogus", "0000-01-01T00:00:00.000Z_" + created[0], "2026-01-01T00:00:00.000Z_------------------------------------"]) {
      const refused = await inbox(company.id, ann.token, `cursor=${encodeURIComponent(cursor)}`);
      expect(refused.status).toBe(400);
      expect(refused.json.invalid_params[0].name).toBe("query.cursor");
    }
  });
});
