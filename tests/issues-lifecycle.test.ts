import { describe, expect, it } from "vitest";
import * as inboxRoute from "@/app/api/agents/me/inbox-lite/route";
import * as wakeupsRoute from "@/app/api/agents/[id]/wakeups/route";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import * as commentsRoute from "@/app/api/issues/[id]/comments/route";
import * as contextRoute from "@/app/api/issues/[id]/heartbeat-context/route";
import * as issueActivityRoute from "@/app/api/issues/[id]/activity/route";
import { db } from "@/lib/db/client";
import { callRoute, seedAgent, seedCompany } from "./support/fixtures";
import { agentWithRun, checkout, comment, createIssue, getIssue, issueWorld, patchIssue } from "./support/issues";

const wakes = (agentId: string) => db.agentWakeupRequest.findMany({ where: { agentId }, orderBy: { createdAt: "asc" } });

describe("POST /api/companies/:companyId/issues", () => {
  it("numbers issues PREFIX-N from the company counter without gaps or duplicates under concurrency", async () => {
    const { company, board } = await issueWorld();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => createIssue(company.id, board.token, { title: `Issue ${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => r.json.issueNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.json.identifier))).toEqual(new Set(numbers.map((n) => `${company.issuePrefix}-${n}`)));
    expect((await db.company.findUniqueOrThrow({ where: { id: company.id } })).issueCounter).toBe(30);
  });

  it("a failed create leaves no gap in the numbering", async () => {
    const { company, board } = await issueWorld();
    expect((await createIssue(company.id, board.token, { title: "One" })).json.issueNumber).toBe(1);
    const refused = await createIssue(company.id, board.token, {
      title: "Starts blocked",
      status: "in_progress",
      blockedByIssueIds: [(await createIssue(company.id, board.token, { title: "Two" })).json.id],
    });
    expect(refused.status).toBe(422);
    expect((await createIssue(company.id, board.token, { title: "Three" })).json.issueNumber).toBe(3);
  });

  it("422 for an agent and a user as assignee, and for ids of another company, naming each field", async () => {
    const { company, board, alice } = await issueWorld();
    const other = await seedCompany();
    const stranger = await seedAgent(other.id);
    const both = await createIssue(company.id, board.token, { title: "T", assigneeAgentId: alice.agent.id, assigneeUserId: board.user.id });
    expect([both.status, both.json.code]).toEqual([422, "assignee_conflict"]);
    expect(both.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["assigneeAgentId", "assigneeUserId"]);
    const foreignIssue = await db.issue.create({ data: { companyId: other.id, number: 1, identifier: `${other.issuePrefix}-1`, title: "Theirs" } });
    const foreign = await createIssue(company.id, board.token, {
      title: "T",
      assigneeAgentId: stranger.agent.id,
      parentId: foreignIssue.id,
      blockedByIssueIds: [foreignIssue.id],
    });
    expect(foreign.status).toBe(422);
    expect(foreign.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["assigneeAgentId", "blockedByIssueIds", "parentId"]);
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(0);
  });

  it("agents need a run id to create issues", async () => {
    const { company, alice } = await issueWorld();
    const res = await createIssue(company.id, alice.token, { title: "Delegated" });
    expect([res.status, res.json.code]).toEqual([401, "run_id_required"]);
    const ok = await createIssue(company.id, alice.token, { title: "Delegated" }, alice.headers);
    expect(ok.json).toMatchObject({ createdByAgentId: alice.agent.id, status: "backlog" });
  });
});

describe("GET /api/issues/:id", () => {
  it("resolves identifiers and returns ancestors with project and goal, blockers both ways and children", async () => {
    const { company, board } = await issueWorld();
    const project = await db.project.create({ data: { companyId: company.id, name: "Auth System", urlKey: "auth" } });
    const goal = await db.goal.create({ data: { companyId: company.id, title: "Ship login" } });
    const root = (await createIssue(company.id, board.token, { title: "Epic", projectId: project.id, goalId: goal.id })).json;
    const parent = (await createIssue(company.id, board.token, { title: "Story", parentId: root.id })).json;
    const blocker = (await createIssue(company.id, board.token, { title: "Schema" })).json;
    const issue = (await createIssue(company.id, board.token, { title: "Task", parentId: parent.id, blockedByIssueIds: [blocker.id], projectId: project.id }))
      .json;
    const detail = (await getIssue(issue.identifier.toLowerCase(), board.token)).json;
    expect(detail.id).toBe(issue.id);
    expect(detail.ancestors.map((a: { title: string }) => a.title)).toEqual(["Story", "Epic"]);
    expect(detail.ancestors[1]).toMatchObject({ project: { id: project.id, name: "Auth System" }, goal: { id: goal.id, title: "Ship login" } });
    expect(detail.project).toMatchObject({ id: project.id });
    expect(detail.blockedBy).toEqual([
      { id: blocker.id, identifier: blocker.identifier, title: "Schema", status: "backlog", priority: "medium", assigneeAgentId: null, assigneeUserId: null },
    ]);
    expect((await getIssue(blocker.id, board.token)).json.blocks.map((b: { id: string }) => b.id)).toEqual([issue.id]);
    expect((await getIssue(parent.id, board.token)).json.children.map((c: { id: string }) => c.id)).toEqual([issue.id]);
  });
});

describe("PATCH /api/issues/:id", () => {
  it("applies fields, status and a comment in one transaction, keeping lifecycle timestamps", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", assigneeAgentId: alice.agent.id })).json;
    await checkout(issue.id, alice);
    const done = await patchIssue(issue.id, alice.token, { status: "done", comment: "Implemented and tested." }, alice.headers);
    expect(done.json).toMatchObject({ status: "done", checkoutRunId: null, executionRunId: null });
    expect(done.json.completedAt).not.toBeNull();
    const comments = await db.issueComment.findMany({ where: { issueId: issue.id } });
    expect(comments.map((c) => [c.body, c.authorAgentId, c.runId])).toEqual([["Implemented and tested.", alice.agent.id, alice.runId]]);
    const reopened = await patchIssue(issue.id, board.token, { status: "todo" });
    expect(reopened.json.completedAt).toBeNull();
    const cancelled = await patchIssue(issue.id, board.token, { status: "cancelled" });
    expect(cancelled.json.cancelledAt).not.toBeNull();
  });

  it("a failing part rolls back the whole PATCH, comment included", async () => {
    const { company, board } = await issueWorld();
    const blocker = (await createIssue(company.id, board.token, { title: "B" })).json;
    const issue = (await createIssue(company.id, board.token, { title: "T", blockedByIssueIds: [blocker.id] })).json;
    const res = await patchIssue(issue.id, board.token, { status: "in_progress", title: "Renamed", comment: "starting" });
    expect([res.status, res.json.code]).toEqual([422, "blockers_unresolved"]);
    expect(res.json.details.blockedBy[0].identifier).toBe(blocker.identifier);
    const stored = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
    expect([stored.title, stored.status]).toEqual(["T", "backlog"]);
    expect(await db.issueComment.count({ where: { issueId: issue.id } })).toBe(0);
  });

  it("blockedByIssueIds replaces the set; self-blocks, cycles and other companies' issues are 422; [] clears", async () => {
    const { company, board } = await issueWorld();
    const [a, b, c] = await Promise.all(["A", "B", "C"].map(async (title) => (await createIssue(company.id, board.token, { title })).json));
    expect((await patchIssue(a.id, board.token, { blockedByIssueIds: [a.id] })).json.code).toBe("blocker_cycle");
    expect((await patchIssue(a.id, board.token, { blockedByIssueIds: [b.id] })).status).toBe(200);
    expect((await patchIssue(b.id, board.token, { blockedByIssueIds: [c.id] })).status).toBe(200);
    const cycle = await patchIssue(c.id, board.token, { blockedByIssueIds: [a.id] });
    expect([cycle.status, cycle.json.code, cycle.json.invalid_params[0].name]).toEqual([422, "blocker_cycle", "blockedByIssueIds"]);
    const other = await seedCompany();
    const foreign = await db.issue.create({ data: { companyId: other.id, number: 1, identifier: `${other.issuePrefix}-1`, title: "X" } });
    expect((await patchIssue(a.id, board.token, { blockedByIssueIds: [foreign.id] })).status).toBe(422);
    expect((await patchIssue(a.id, board.token, { blockedByIssueIds: [c.id] })).json.id).toBe(a.id);
    expect((await getIssue(a.id, board.token)).json.blockedBy.map((x: { id: string }) => x.id)).toEqual([c.id]);
    await patchIssue(a.id, board.token, { blockedByIssueIds: [] });
    expect((await getIssue(a.id, board.token)).json.blockedBy).toEqual([]);
  });

  it("a cancelled blocker still blocks starting work", async () => {
    const { company, board } = await issueWorld();
    const blocker = (await createIssue(company.id, board.token, { title: "B" })).json;
    const issue = (await createIssue(company.id, board.token, { title: "T", blockedByIssueIds: [blocker.id] })).json;
    await patchIssue(blocker.id, board.token, { status: "cancelled" });
    expect((await patchIssue(issue.id, board.token, { status: "in_progress" })).status).toBe(422);
    await patchIssue(blocker.id, board.token, { status: "done" });
    expect((await patchIssue(issue.id, board.token, { status: "in_progress" })).status).toBe(200);
  });

  it("parentId may not create a cycle", async () => {
    const { company, board } = await issueWorld();
    const top = (await createIssue(company.id, board.token, { title: "Top" })).json;
    const child = (await createIssue(company.id, board.token, { title: "Child", parentId: top.id })).json;
    const res = await patchIssue(top.id, board.token, { parentId: child.id });
    expect([res.status, res.json.code]).toEqual([422, "parent_cycle"]);
  });
});

describe("wakeup requests", () => {
  it("assignment wakes the agent (not in backlog); leaving backlog wakes it then", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", assigneeAgentId: alice.agent.id })).json;
    expect((await wakes(alice.agent.id)).map((w) => [w.reason, w.issueId])).toEqual([["issue_assigned", issue.id]]);
    const parked = (await createIssue(company.id, board.token, { title: "Later", assigneeAgentId: bob.agent.id, status: "backlog" })).json;
    expect(await wakes(bob.agent.id)).toEqual([]);
    await patchIssue(parked.id, board.token, { status: "todo" });
    expect((await wakes(bob.agent.id)).map((w) => w.reason)).toEqual(["issue_assigned"]);
    await patchIssue(parked.id, board.token, { assigneeAgentId: alice.agent.id });
    expect((await wakes(alice.agent.id)).map((w) => w.reason)).toEqual(["issue_assigned", "issue_assigned"]);
  });

  it("comments wake the assignee (issue_commented); mentions wake the mentioned (issue_comment_mentioned); nobody wakes themselves", async () => {
    const { company, board, alice, bob } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", assigneeAgentId: alice.agent.id })).json;
    await db.agentWakeupRequest.deleteMany({});
    const plain = await comment(issue.id, board.token, "Any update?");
    const mention = await comment(issue.id, board.token, "@Bob can you review?");
    await comment(issue.id, alice.token, "Working on it, @alice here", alice.headers);
    const aliceWakes = await wakes(alice.agent.id);
    expect(aliceWakes.map((w) => [w.reason, w.commentId])).toEqual([
      ["issue_commented", plain.json.id],
      ["issue_commented", mention.json.id],
    ]);
    expect((await wakes(bob.agent.id)).map((w) => [w.reason, w.commentId])).toEqual([["issue_comment_mentioned", mention.json.id]]);
    expect(mention.json.mentionedAgentIds).toEqual([bob.agent.id]);
    expect(aliceWakes[0].payload).toMatchObject({ issueId: issue.id, commentId: plain.json.id });
  });

  it("issue_blockers_resolved fires once every blocker is done (cancelled does not count)", async () => {
    const { company, board, alice } = await issueWorld();
    const [b1, b2] = await Promise.all(["B1", "B2"].map(async (title) => (await createIssue(company.id, board.token, { title })).json));
    const dependant = (
      await createIssue(company.id, board.token, { title: "D", assigneeAgentId: alice.agent.id, status: "blocked", blockedByIssueIds: [b1.id, b2.id] })
    ).json;
    await db.agentWakeupRequest.deleteMany({});
    await patchIssue(b1.id, board.token, { status: "done" });
    await patchIssue(b2.id, board.token, { status: "cancelled" });
    expect(await wakes(alice.agent.id)).toEqual([]);
    await patchIssue(b2.id, board.token, { status: "done" });
    expect((await wakes(alice.agent.id)).map((w) => [w.reason, w.issueId])).toEqual([["issue_blockers_resolved", dependant.id]]);
  });

  it("issue_children_completed fires when the last child reaches a terminal state", async () => {
    const { company, board, alice } = await issueWorld();
    const parent = (await createIssue(company.id, board.token, { title: "P", assigneeAgentId: alice.agent.id })).json;
    const [c1, c2] = await Promise.all(["C1", "C2"].map(async (title) => (await createIssue(company.id, board.token, { title, parentId: parent.id })).json));
    await db.agentWakeupRequest.deleteMany({});
    await patchIssue(c1.id, board.token, { status: "done" });
    expect(await wakes(alice.agent.id)).toEqual([]);
    await patchIssue(c2.id, board.token, { status: "cancelled" });
    expect((await wakes(alice.agent.id)).map((w) => [w.reason, w.issueId])).toEqual([["issue_children_completed", parent.id]]);
  });

  it("GET /api/agents/:id/wakeups lists them for the board and the agent itself, not other agents", async () => {
    const { company, board, alice, bob } = await issueWorld();
    await createIssue(company.id, board.token, { title: "T", assigneeAgentId: alice.agent.id });
    const list = await callRoute(wakeupsRoute.GET, "GET", "", { token: board.token, params: { id: alice.agent.id } });
    expect(list.json.map((w: { reason: string }) => w.reason)).toEqual(["issue_assigned"]);
    expect((await callRoute(wakeupsRoute.GET, "GET", "", { token: alice.token, params: { id: alice.agent.id } })).status).toBe(200);
    expect((await callRoute(wakeupsRoute.GET, "GET", "", { token: bob.token, params: { id: alice.agent.id } })).status).toBe(403);
  });
});

describe("reading issues", () => {
  it("lists with filters, full-text search over titles, descriptions and comments, and complete keyset pages", async () => {
    const { company, board, alice } = await issueWorld();
    const made = [];
    for (const [i, priority] of ["low", "critical", "medium", "high", "medium", "low", "critical"].entries()) {
      made.push(
        (
          await createIssue(company.id, board.token, {
            title: `Item ${i}`,
            priority,
            status: i % 2 ? "todo" : "backlog",
            assigneeAgentId: i === 3 ? alice.agent.id : undefined,
          })
        ).json,
      );
    }
    await patchIssue(made[2].id, board.token, { description: "Rotate the zeppelin credentials" });
    await comment(made[5].id, board.token, "The zeppelin logs show a leak");
    const list = (query: string) => callRoute(companyIssuesRoute.GET, "GET", "", { token: board.token, params: { companyId: company.id }, query });
    const all = await list("");
    expect(all.json.map((i: { priority: string }) => i.priority)).toEqual(["critical", "critical", "high", "medium", "medium", "low", "low"]);
    expect((await list("status=todo")).json.every((i: { status: string }) => i.status === "todo")).toBe(true);
    expect((await list(`assigneeAgentId=${alice.agent.id}`)).json.map((i: { id: string }) => i.id)).toEqual([made[3].id]);
    expect((await list("q=zeppelin")).json.map((i: { id: string }) => i.id).sort()).toEqual([made[2].id, made[5].id].sort());
    expect((await list(`q=${made[4].identifier.toLowerCase()}`)).json.map((i: { id: string }) => i.id)).toEqual([made[4].id]);
    // A search pages like a list: the same matches, in the same order, one page at a time.
    const searched = (await list("q=zeppelin")).json.map((i: { id: string }) => i.id);
    const firstHit = await list("q=zeppelin&limit=1");
    const secondHit = await list(`q=zeppelin&limit=1&cursor=${firstHit.headers.get("x-next-cursor")}`);
    expect([...firstHit.json, ...secondHit.json].map((i: { id: string }) => i.id)).toEqual(searched);
    expect(secondHit.headers.get("x-next-cursor")).toBeNull();
    const leak = await db.issueComment.findFirstOrThrow({ where: { issueId: made[5].id } });
    await db.issueComment.delete({ where: { id: leak.id } });
    expect((await list("q=zeppelin")).json.map((i: { id: string }) => i.id)).toEqual([made[2].id]);
    expect((await list("status=todo,bogus")).status).toBe(400);

    const pages: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(...page.json.map((i: { id: string }) => i.id));
      cursor = page.headers.get("x-next-cursor");
    }
    expect(pages).toEqual(all.json.map((i: { id: string }) => i.id));
    expect((await list("cursor=garbage")).json.code).toBe("invalid_cursor");
  });

  it("comments list in order with after/order/limit; heartbeat-context carries the cursor and the wake comment", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T" })).json;
    const first = (await comment(issue.id, board.token, "one")).json;
    const second = (await comment(issue.id, alice.token, "two", alice.headers)).json;
    const third = (await comment(issue.id, board.token, "three")).json;
    const get = (query: string) => callRoute(commentsRoute.GET, "GET", "", { token: alice.token, params: { id: issue.id }, query });
    expect((await get("")).json.map((c: { body: string }) => c.body)).toEqual(["three", "two", "one"]);
    expect((await get(`order=asc&after=${first.id}`)).json.map((c: { body: string }) => c.body)).toEqual(["two", "three"]);
    expect((await get(`after=${third.id}`)).json.map((c: { body: string }) => c.body)).toEqual(["two", "one"]);
    expect((await get("order=desc&limit=1")).json.map((c: { body: string }) => c.body)).toEqual(["three"]);
    expect((await get("limit=501")).status).toBe(400);
    const context = await callRoute(contextRoute.GET, "GET", "", { token: alice.token, params: { id: issue.identifier }, query: `wakeCommentId=${second.id}` });
    expect(context.json.commentCursor).toEqual({ totalComments: 3, latestCommentId: third.id, latestCommentAt: third.createdAt });
    expect(context.json.wakeComment).toMatchObject({ id: second.id, body: "two", authorAgentId: alice.agent.id });
    expect(Object.keys(context.json).sort()).toEqual(["ancestors", "commentCursor", "goal", "issue", "project", "wakeComment", "workflowPrompts"]);
    const activity = await callRoute(issueActivityRoute.GET, "GET", "", { token: board.token, params: { id: issue.id } });
    expect(activity.json.filter((a: { action: string }) => a.action === "issue.comment_added")).toHaveLength(3);
  });

  it("GET /api/agents/me/inbox-lite — in_progress, in_review, todo, blocked, with blocker readiness", async () => {
    const company = await seedCompany();
    const alice = await agentWithRun(company.id, "Alice");
    const { token: boardToken } = await (await import("./support/fixtures")).seedUser({ memberships: { [company.id]: "operator" } });
    const blocker = (await createIssue(company.id, boardToken, { title: "Blocker" })).json;
    const todo = (await createIssue(company.id, boardToken, { title: "Todo", assigneeAgentId: alice.agent.id })).json;
    const blocked = (
      await createIssue(company.id, boardToken, { title: "Blocked", assigneeAgentId: alice.agent.id, status: "blocked", blockedByIssueIds: [blocker.id] })
    ).json;
    const working = (await createIssue(company.id, boardToken, { title: "Working", assigneeAgentId: alice.agent.id, status: "todo", priority: "low" })).json;
    await checkout(working.id, alice, ["todo"]);
    await createIssue(company.id, boardToken, { title: "Done", assigneeAgentId: alice.agent.id, status: "done" });
    const inbox = await callRoute(inboxRoute.GET, "GET", "", { token: alice.token });
    expect(inbox.json.map((i: { id: string }) => i.id)).toEqual([working.id, todo.id, blocked.id]);
    expect(inbox.json[2]).toMatchObject({ status: "blocked", ready: false, blockers: { total: 1, unresolved: 1 } });
    expect(inbox.json[1]).toMatchObject({ ready: true, blockers: { total: 0, unresolved: 0 } });
  });
});

describe("Paperclip client compatibility", () => {
  it("accepts the fields Paperclip's CLI sends on create (workMode, requestDepth, allowDuplicate) and replays idempotency keys", async () => {
    const { company, board } = await issueWorld();
    const body = {
      title: "From the CLI",
      status: "todo",
      priority: "high",
      workMode: "standard",
      requestDepth: 0,
      allowDuplicate: false,
      idempotencyKey: "cli-1",
    };
    const attempts = await Promise.all(Array.from({ length: 5 }, () => createIssue(company.id, board.token, body)));
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(attempts.map((r) => r.json.id)).size).toBe(1);
    expect(attempts[0].json).toMatchObject({ workMode: "standard", requestDepth: 0, priority: "high" });
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(1);
  });

  it("PATCH reopen without a status reopens a closed issue; hiddenAt hides it from the inbox", async () => {
    const { company, board, alice } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T", assigneeAgentId: alice.agent.id, status: "done" })).json;
    const reopened = await patchIssue(issue.id, board.token, { reopen: true, comment: "Not quite done", resume: true });
    expect(reopened.json.status).toBe("todo");
    await patchIssue(issue.id, board.token, { hiddenAt: new Date(Date.now() - 1000).toISOString() });
    expect((await callRoute(inboxRoute.GET, "GET", "", { token: alice.token })).json).toEqual([]);
  });

  it("comments accept afterCommentId as Paperclip's CLI sends it", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "T" })).json;
    const first = (await comment(issue.id, board.token, "one")).json;
    await comment(issue.id, board.token, "two");
    const later = await callRoute(commentsRoute.GET, "GET", "", {
      token: board.token,
      params: { id: issue.id },
      query: `order=asc&afterCommentId=${first.id}`,
    });
    expect(later.json.map((c: { body: string }) => c.body)).toEqual(["two"]);
  });
});
