import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as companyWorkflowRoute from "@/app/api/companies/[companyId]/workflow/route";
import * as releaseRoute from "@/app/api/issues/[id]/release/route";
import { db } from "@/lib/db/client";
import { callRoute, seedUser, type CallResult } from "./support/fixtures";
import { checkout, comment, createIssue, issueWorld, patchIssue, type AgentHandle } from "./support/issues";

// Every rule that governs a move, tried through every entry point that can express the move: each must give the
// same outcome, because they all go through transitionIssue() (checkout through planCheckout() and its statement).

const SEED = readFileSync("workflows/seed.yaml", "utf8");
const GATED = `${SEED}\ngates:\nstatus:pending: [{type: gate/review, enforcement: warn, description: The plan was reviewed}]\nstatus:working: [{type: gate/tests, enforcement: warn, description: Evidence that tests pass}]\nstatus:failed: [{type: error, enforcement: reject}]\n`;

type World = Awaited<ReturnType<typeof issueWorld>> & { owner: Awaited<ReturnType<typeof seedUser>> };
type Issue = { id: string; identifier: string };
type Outcome = { status: number; code?: string; issueStatus?: string; assigneeAgentId?: string | null };

async function world(workflow?: string): Promise<World> {
  const base = await issueWorld();
  const owner = await seedUser({ memberships: { [base.company.id]: "owner" } });
  if (workflow) {
    const saved = await callRoute(companyWorkflowRoute.PUT, "PUT", "/w", {
      token: owner.token,
      params: { companyId: base.company.id },
      body: { source: workflow },
    });
    expect(saved.status).toBe(200);
  }
  return { ...base, owner };
}

const release = (issue: Issue, actor: { token: string; headers?: Record<string, string> }) =>
  callRoute(releaseRoute.POST, "POST", `/api/issues/${issue.id}/release`, { token: actor.token, params: { id: issue.id }, headers: actor.headers ?? {} });

function outcome(result: CallResult): Outcome {
  if (result.status >= 400) return { status: result.status, code: result.json.code };
  const body = result.json.issue ?? result.json;
  return { status: result.status, issueStatus: body.status, assigneeAgentId: body.assigneeAgentId };
}

/** Moves an issue into a status without rules, as fixtures: the cases below test the moves, not how it got there. */
async function place(issue: Issue, data: Record<string, unknown>) {
  await db.issue.update({ where: { id: issue.id }, data });
}

type Entry = "PATCH" | "checkout" | "release" | "comment reopen" | "create";
type Case = {
  rule: string;
  workflow?: string;
  setup: (w: World) => Promise<Issue>;
  entries: Partial<Record<Entry, (w: World, issue: Issue) => Promise<CallResult>>>;
  expected: Outcome | ((w: World) => Outcome);
};

const asAlice = (w: World) => w.alice;
const todoFor = async (w: World, extra: Record<string, unknown> = {}) =>
  (await createIssue(w.company.id, w.board.token, { title: "Case", status: "todo", ...extra })).json as Issue;

const cases: Case[] = [
  {
    rule: "an open blocker keeps work from starting",
    setup: async (w) => {
      const blocker = await todoFor(w);
      return todoFor(w, { blockedByIssueIds: [blocker.id] });
    },
    entries: {
      PATCH: (w, issue) => patchIssue(issue.id, w.board.token, { status: "in_progress" }),
      checkout: (w, issue) => checkout(issue.id, asAlice(w), ["todo"]),
      create: async (w, issue) => {
        const blockers = await db.issueRelation.findMany({ where: { issueId: issue.id } });
        return createIssue(w.company.id, w.board.token, {
          title: "Started blocked",
          status: "in_progress",
          blockedByIssueIds: blockers.map((relation) => relation.blockedByIssueId),
        });
      },
    },
    expected: { status: 422, code: "blockers_unresolved" },
  },
  {
    rule: "an exit the workflow does not allow (the seed's cancelled has none)",
    workflow: SEED,
    setup: async (w) => {
      const issue = await todoFor(w, { assigneeAgentId: w.alice.agent.id });
      expect((await patchIssue(issue.id, w.board.token, { status: "cancelled" })).status).toBe(200);
      return issue;
    },
    entries: {
      PATCH: (w, issue) => patchIssue(issue.id, w.board.token, { reopen: true }),
      "comment reopen": (w, issue) => comment(issue.id, w.board.token, "Reopening", {}, { reopen: true }),
      release: (w, issue) => release(issue, w.board),
      checkout: (w, issue) => checkout(issue.id, asAlice(w), ["cancelled"]),
    },
    expected: { status: 422, code: "invalid_transition" },
  },
  {
    rule: "a warn gate on the state being left (pending needs gate/review)",
    workflow: GATED,
    setup: (w) => todoFor(w, { assigneeAgentId: w.alice.agent.id }),
    entries: {
      PATCH: (w, issue) => patchIssue(issue.id, w.alice.token, { status: "in_progress" }, w.alice.headers),
      checkout: (w, issue) => checkout(issue.id, asAlice(w), ["todo"]),
    },
    expected: { status: 409, code: "gate_unsatisfied" },
  },
  {
    rule: "a warn gate on leaving working (gate/tests), for finishing and for giving the work back",
    workflow: GATED,
    setup: async (w) => {
      const issue = await todoFor(w, { assigneeAgentId: w.alice.agent.id });
      await place(issue, { status: "in_progress", workflowState: "working", stateEnteredAt: new Date(), checkoutRunId: null });
      return issue;
    },
    entries: {
      PATCH: (w, issue) => patchIssue(issue.id, w.alice.token, { status: "done" }, w.alice.headers),
      release: (w, issue) => release(issue, w.alice),
    },
    expected: { status: 409, code: "gate_unsatisfied" },
  },
  {
    rule: "a reject gate holds even when forced (leaving failed)",
    workflow: GATED,
    setup: async (w) => {
      const issue = await todoFor(w, { assigneeAgentId: w.alice.agent.id });
      await place(issue, { status: "blocked", workflowState: "failed", stateEnteredAt: new Date() });
      return issue;
    },
    entries: {
      PATCH: (w, issue) => patchIssue(issue.id, w.alice.token, { status: "todo", force: true }, w.alice.headers),
      release: (w, issue) => release(issue, w.alice),
    },
    expected: { status: 422, code: "gate_rejected" },
  },
  {
    rule: "a pending review stage is decided only by its participant",
    setup: async (w) => {
      const issue = await todoFor(w, {
        assigneeAgentId: w.alice.agent.id,
        executionPolicy: { stages: [{ type: "review", participants: [{ type: "agent", agentId: w.bob.agent.id }] }] },
      });
      expect((await patchIssue(issue.id, w.alice.token, { status: "done", comment: "Ready" }, w.alice.headers)).json.status).toBe("in_review");
      return issue;
    },
    entries: {
      PATCH: (w, issue) => patchIssue(issue.id, w.alice.token, { status: "done", comment: "Approving my own work" }, w.alice.headers),
    },
    expected: { status: 422, code: "not_participant" },
  },
  {
    rule: "a reopen after a completed review starts the review over: done again goes to the reviewer",
    setup: async (w) => {
      const issue = await todoFor(w, {
        assigneeAgentId: w.alice.agent.id,
        executionPolicy: { stages: [{ type: "review", participants: [{ type: "agent", agentId: w.bob.agent.id }] }] },
      });
      expect((await patchIssue(issue.id, w.alice.token, { status: "done", comment: "Ready" }, w.alice.headers)).json.status).toBe("in_review");
      expect((await patchIssue(issue.id, w.bob.token, { status: "done", comment: "Approved" }, w.bob.headers)).json).toMatchObject({
        status: "done",
        assigneeAgentId: w.alice.agent.id,
      });
      return issue;
    },
    entries: {
      PATCH: async (w, issue) => {
        expect((await patchIssue(issue.id, w.board.token, { reopen: true })).json.status).toBe("todo");
        return patchIssue(issue.id, w.alice.token, { status: "done", comment: "Done again" }, w.alice.headers);
      },
      "comment reopen": async (w, issue) => {
        expect((await comment(issue.id, w.board.token, "One more thing", {}, { reopen: true })).status).toBe(201);
        expect((await checkout(issue.id, w.alice, ["todo"])).status).toBe(200);
        return patchIssue(issue.id, w.alice.token, { status: "done", comment: "Done again" }, w.alice.headers);
      },
      checkout: async (w, issue) => {
        expect((await checkout(issue.id, w.alice, ["done"])).json.status).toBe("in_progress");
        return patchIssue(issue.id, w.alice.token, { status: "done", comment: "Done again" }, w.alice.headers);
      },
      release: async (w, issue) => {
        expect((await release(issue, w.board)).json.status).toBe("todo");
        expect((await patchIssue(issue.id, w.board.token, { assigneeAgentId: w.alice.agent.id })).status).toBe(200);
        return patchIssue(issue.id, w.alice.token, { status: "done", comment: "Done again" }, w.alice.headers);
      },
    },
    expected: (w) => ({ status: 200, issueStatus: "in_review", assigneeAgentId: w.bob.agent.id }),
  },
];

describe("every entry point gives the same outcome for each rule", () => {
  for (const testCase of cases) {
    for (const [entry, act] of Object.entries(testCase.entries)) {
      it(`${testCase.rule} — ${entry}`, async () => {
        const w = await world(testCase.workflow);
        const issue = await testCase.setup(w);
        const before = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
        const expected = typeof testCase.expected === "function" ? testCase.expected(w) : testCase.expected;
        const result = outcome(await act!(w, issue));
        expect(result).toEqual(expected);
        if (expected.status >= 400 && entry !== "create") {
          // A refused move writes nothing: the issue is as it was.
          const after = await db.issue.findUniqueOrThrow({ where: { id: issue.id } });
          expect({ status: after.status, workflowState: after.workflowState, updatedAt: after.updatedAt }).toEqual({
            status: before.status,
            workflowState: before.workflowState,
            updatedAt: before.updatedAt,
          });
        }
      });
    }
  }
});

describe("time in a timed state is recorded by every move out of it", () => {
  const leaves: Record<string, (w: World, issue: Issue, agent: AgentHandle) => Promise<CallResult>> = {
    PATCH: (w, issue, agent) => patchIssue(issue.id, agent.token, { status: "done", comment: "Shipped" }, agent.headers),
    release: (w, issue, agent) => release(issue, agent),
  };
  for (const [entry, leave] of Object.entries(leaves)) {
    it(`checkout enters working; ${entry} out of it adds the time spent`, async () => {
      const w = await world(SEED);
      const issue = await todoFor(w, { assigneeAgentId: w.alice.agent.id });
      expect((await checkout(issue.id, w.alice, ["todo"])).json).toMatchObject({ workflowState: "working", timeActualMs: 0 });
      await place(issue, { stateEnteredAt: new Date(Date.now() - 60_000) });
      const left = await leave(w, issue, w.alice);
      expect(left.status).toBe(200);
      expect(left.json.timeActualMs).toBeGreaterThanOrEqual(60_000);
      expect(left.json.stateTimeMs.working).toBe(left.json.timeActualMs);
      expect(left.json.workflowState).toBe(entry === "release" ? "pending" : "completed");
    });
  }

  it("a checkout the workflow forbids (completed → working) is refused and the recorded time stays", async () => {
    const w = await world(SEED);
    const issue = await todoFor(w, { assigneeAgentId: w.alice.agent.id });
    await checkout(issue.id, w.alice, ["todo"]);
    await place(issue, { stateEnteredAt: new Date(Date.now() - 30_000) });
    const done = await patchIssue(issue.id, w.alice.token, { status: "done", comment: "Shipped" }, w.alice.headers);
    const again = await checkout(issue.id, w.alice, ["done"]);
    expect(again.status).toBe(422);
    expect(again.json.code).toBe("invalid_transition");
    expect((await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).timeActualMs).toBe(BigInt(done.json.timeActualMs));
  });
});

describe("POST /api/issues/:id/release under the seed workflow", () => {
  it("refuses a release the workflow forbids with 422 naming the allowed exits, and writes nothing", async () => {
    // The seed's working state, without its exit back to pending: work in progress can only be finished or failed.
    const w = await world(SEED.replace("working:\nexits: [completed, failed, pending]", "working:\nexits: [completed, failed]"));
    const issue = await todoFor(w, { assigneeAgentId: w.alice.agent.id });
    await checkout(issue.id, w.alice, ["todo"]);
    const refused = await release(issue, w.alice);
    expect([refused.status, refused.json.code]).toEqual([422, "invalid_transition"]);
    expect(refused.json.detail).toBe("Cannot move from working (in_progress) to todo. Valid exits: completed (done), failed (blocked)");
    expect(refused.json.details.validExits).toEqual([
      { state: "completed", status: "done" },
      { state: "failed", status: "blocked" },
    ]);
    expect(await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({
      status: "in_progress",
      assigneeAgentId: w.alice.agent.id,
      workflowState: "working",
    });
  });
});
