import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminBoardKey, bearer, gitRepo, json } from "../support";

// The built-in demo agent (agents/demo-agent.mjs) run by a real server's process adapter, wake after wake, with the
// adapter settings the server hands the first-run wizard. Every API call it makes is a `demo_call` line in its run
// log; every write among them must be in the issue's activity with the run's id (reads are in the run log only).

type DemoCall = { type: "demo_call"; method: string; path: string; status: number };
type Run = { id: string; status: string; wakeReason: string; finishedAt: string | null };
type Activity = { id: string; action: string; runId: string | null; actorType: string; agentId: string | null };
type Wakeup = { reason: string; status: string; requestedByType: string; requestedById: string };

/** The activity each kind of write leaves on the issue. */
function activityActionsFor(call: DemoCall): string[] {
  const route = `${call.method} ${call.path.replace(/^\/api\/issues\/[^/?]+/, "/api/issues/:id")}`;
  const actions: Record<string, string[]> = {
    "POST /api/issues/:id/checkout": ["issue.checked_out"],
    "PUT /api/issues/:id/documents/plan": ["issue.document_created", "issue.document_updated"],
    "POST /api/issues/:id/interactions": ["issue.thread_interaction_created"],
    "POST /api/issues/:id/comments": ["issue.comment_added"],
    "POST /api/issues/:id/attachments": ["issue.attachment_added"],
    "PATCH /api/issues/:id": ["issue.status_changed"],
  };
  if (!actions[route]) throw new Error(`The demo agent made a write this spec does not know: ${route}`);
  return actions[route];
}

const isWrite = (call: DemoCall) => call.method !== "GET";
const writeRoute = (call: DemoCall) => `${call.method} ${call.path.split("/").slice(4).join("/") || "issue"}`;

/** A company whose one agent is the demo agent, set up as the wizard does: with the adapter settings the server offers. */
async function setUp(request: APIRequestContext, baseURL: string, name: string, adapterOverrides: Record<string, unknown> = {}) {
  const board = bearer(await adminBoardKey(request, baseURL));
  const company = await json(await request.post("/api/companies", { data: { name }, headers: board }), 201);
  const { demo } = await json(await request.get("/api/instance/agent-clis", { headers: board }), 200);
  expect(demo).toMatchObject({ adapterType: "process", adapterConfig: { args: [expect.stringMatching(/\/agents\/demo-agent\.mjs$/)] } });
  const agent = await json(
    await request.post(`/api/companies/${company.id}/agents`, {
      data: { name: "Demo", role: "engineer", adapterType: demo.adapterType, adapterConfig: { ...demo.adapterConfig, ...adapterOverrides } },
      headers: board,
    }),
    201,
  );
  return { board, company, agent };
}

/** Waits until the agent has `count` runs and all have finished; oldest first. */
async function finishedRuns(request: APIRequestContext, board: Record<string, string>, companyId: string, agentId: string, count: number): Promise<Run[]> {
  let runs: Run[] = [];
  await expect
    .poll(
      async () => {
        runs = (await json(await request.get(`/api/companies/${companyId}/heartbeat-runs?agentId=${agentId}`, { headers: board }), 200)).reverse();
        return runs.length === count && runs.every((run) => run.finishedAt !== null);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  for (const run of runs) expect(run.status, `run ${run.id} (${run.wakeReason})`).toBe("succeeded");
  return runs;
}

/** The API calls a run made, from the `demo_call` lines of its log. */
async function demoCalls(request: APIRequestContext, board: Record<string, string>, runId: string): Promise<{ calls: DemoCall[]; log: string }> {
  const { log } = await json(await request.get(`/api/heartbeat-runs/${runId}/log`, { headers: board }), 200);
  const calls = (log as string)
    .split("\n")
    .filter((line) => line.startsWith('{"type":"demo_call"'))
    .map((line) => JSON.parse(line) as DemoCall);
  return { calls, log };
}

/** Each write of the run is matched by its own activity entry on the issue, made by the agent under that run's id. */
async function expectWritesInActivity(
  request: APIRequestContext,
  board: Record<string, string>,
  issueId: string,
  agentId: string,
  runId: string,
  calls: DemoCall[],
) {
  const activity: Activity[] = await json(await request.get(`/api/issues/${issueId}/activity`, { headers: board }), 200);
  const unmatched = activity.filter((entry) => entry.runId === runId);
  for (const entry of unmatched) expect(entry).toMatchObject({ actorType: "agent", agentId });
  for (const call of calls.filter(isWrite)) {
    const index = unmatched.findIndex((entry) => activityActionsFor(call).includes(entry.action));
    expect(
      index,
      `${call.method} ${call.path} should be in the activity of run ${runId}: ${JSON.stringify(activity.map((a) => [a.action, a.runId]))}`,
    ).toBeGreaterThanOrEqual(0);
    unmatched.splice(index, 1);
  }
}

async function planConfirmations(request: APIRequestContext, board: Record<string, string>, issueId: string) {
  const interactions: {
    id: string;
    kind: string;
    status: string;
    continuationPolicy: string;
    idempotencyKey: string;
    payload: { target: { revisionId: string } };
  }[] = await json(await request.get(`/api/issues/${issueId}/interactions`, { headers: board }), 200);
  return interactions.filter((interaction) => interaction.kind === "request_confirmation");
}

/** The wakes asked for the agent so far; one the agent asked for itself would show its own id as requester. */
async function wakeups(request: APIRequestContext, board: Record<string, string>, agentId: string): Promise<Wakeup[]> {
  return json(await request.get(`/api/agents/${agentId}/wakeups`, { headers: board }), 200);
}

async function planDocument(request: APIRequestContext, board: Record<string, string>, issueId: string) {
  return json(await request.get(`/api/issues/${issueId}/documents/plan`, { headers: board }), 200);
}

test.describe("the demo agent", () => {
  test.setTimeout(180_000);

  test("plans, waits quietly for the board, then works and closes the issue — each write in the activity with its run id", async ({ request, baseURL }) => {
    const { board, company, agent } = await setUp(request, baseURL!, "Demo Works");
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, {
        data: { title: "Tell me what is in your folder", description: "List what you find.", assigneeAgentId: agent.id },
        headers: board,
      }),
      201,
    );

    // Wake 1 (assigned): plan, ask for confirmation, say so.
    const [planning] = await finishedRuns(request, board, company.id, agent.id, 1);
    expect(planning.wakeReason).toBe("issue_assigned");
    const first = await demoCalls(request, board, planning.id);
    expect(first.calls.filter((call) => !isWrite(call)).map((call) => call.path.split("?")[0])).toEqual([
      "/api/agents/me",
      "/api/agents/me/inbox-lite",
      `/api/issues/${issue.id}/heartbeat-context`,
      `/api/issues/${issue.id}/documents`,
      `/api/issues/${issue.id}/interactions`,
    ]);
    expect(first.calls.filter(isWrite).map(writeRoute)).toEqual(["POST checkout", "PUT documents/plan", "POST interactions", "POST comments"]);
    expect(first.log).toContain(`Checked out ${issue.identifier}.`);
    await expectWritesInActivity(request, board, issue.id, agent.id, planning.id, first.calls);

    const plan = await planDocument(request, board, issue.id);
    expect(plan).toMatchObject({ latestRevisionNumber: 1, createdByAgentId: agent.id });
    expect(plan.body).toContain(`# Plan for ${issue.identifier}: Tell me what is in your folder`);
    expect(plan.body).toContain("List what you find.");
    const [confirmation] = await planConfirmations(request, board, issue.id);
    expect(confirmation).toMatchObject({
      status: "pending",
      continuationPolicy: "wake_assignee",
      idempotencyKey: `plan-confirmation-${plan.latestRevisionId}`,
      payload: { target: { revisionId: plan.latestRevisionId } },
    });
    const comments = async () => json(await request.get(`/api/issues/${issue.id}/comments?order=asc`, { headers: board }), 200);
    expect(await comments()).toEqual([
      expect.objectContaining({ authorAgentId: agent.id, runId: planning.id, body: expect.stringContaining("once it is accepted") }),
    ]);

    // Wake 2 while the confirmation is pending: it checks out again and ends without a word.
    await json(await request.post(`/api/agents/${agent.id}/wakeup`, { data: {}, headers: board }), 202);
    const [, waiting] = await finishedRuns(request, board, company.id, agent.id, 2);
    const second = await demoCalls(request, board, waiting.id);
    expect(second.calls.filter(isWrite).map(writeRoute)).toEqual(["POST checkout"]);
    expect(second.log).toContain("still waiting for the board");
    await expectWritesInActivity(request, board, issue.id, agent.id, waiting.id, second.calls);
    expect(await comments()).toHaveLength(1);
    expect((await planConfirmations(request, board, issue.id)).map((interaction) => interaction.status)).toEqual(["pending"]);

    // A person comments while the plan waits: wake 3 reads that comment and answers it once, saying what the work waits on.
    const question = await json(await request.post(`/api/issues/${issue.id}/comments`, { data: { body: "Any news on this one?" }, headers: board }), 201);
    const [, , answering] = await finishedRuns(request, board, company.id, agent.id, 3);
    expect(answering.wakeReason).toBe("issue_commented");
    const third = await demoCalls(request, board, answering.id);
    expect(third.log).toContain('A person commented: "Any news on this one?"');
    expect(third.calls.filter((call) => !isWrite(call)).map((call) => call.path)).toContain(`/api/issues/${issue.id}/comments/${question.id}`);
    expect(third.calls.filter(isWrite).map(writeRoute)).toEqual(["POST checkout", "POST comments"]);
    await expectWritesInActivity(request, board, issue.id, agent.id, answering.id, third.calls);
    const afterQuestion = await comments();
    expect(afterQuestion).toHaveLength(3);
    expect(afterQuestion[2]).toMatchObject({
      authorAgentId: agent.id,
      runId: answering.id,
      body: expect.stringContaining("The plan (revision 1) is waiting for your confirmation"),
    });
    // Its answer woke nobody: an author never wakes itself, so no fourth run is coming, and nothing waits to be delivered.
    const wakes = await wakeups(request, board, agent.id);
    expect(wakes.filter((wake) => wake.requestedById === agent.id)).toEqual([]);
    expect(wakes.filter((wake) => wake.status === "pending")).toEqual([]);
    expect((await planConfirmations(request, board, issue.id)).map((interaction) => interaction.status)).toEqual(["pending"]);

    // The board accepts: wake 4 comments progress, attaches its report and closes the issue.
    await json(await request.post(`/api/issues/${issue.id}/interactions/${confirmation.id}/accept`, { data: {}, headers: board }), 200);
    const [, , , working] = await finishedRuns(request, board, company.id, agent.id, 4);
    expect(working.wakeReason).toBe("issue_commented");
    const fourth = await demoCalls(request, board, working.id);
    expect(fourth.log).toContain("The board answered a request_confirmation: accepted.");
    expect(fourth.calls.filter(isWrite).map(writeRoute)).toEqual(["POST checkout", "POST comments", "POST attachments", "PATCH issue"]);
    await expectWritesInActivity(request, board, issue.id, agent.id, working.id, fourth.calls);

    expect(await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).toMatchObject({ status: "done" });
    const attachments = await json(await request.get(`/api/issues/${issue.id}/attachments`, { headers: board }), 200);
    expect(attachments).toEqual([
      expect.objectContaining({ type: "note", createdByAgentId: agent.id, runId: working.id, content: expect.stringContaining("Working folder: ") }),
    ]);
    const thread = await comments();
    expect(thread).toHaveLength(5);
    expect(thread.slice(3)).toEqual([
      expect.objectContaining({ authorAgentId: agent.id, runId: working.id, body: expect.stringContaining("The plan was accepted") }),
      expect.objectContaining({ authorAgentId: agent.id, runId: working.id, body: expect.stringContaining("Done.") }),
    ]);
  });

  test("a rejected plan is revised with the reason and asked about again; its work never changes the git checkout it reads", async ({ request, baseURL }) => {
    const repo = gitRepo();
    const before = readdirSync(repo).sort();
    const { board, company, agent } = await setUp(request, baseURL!, "Demo Revisions", { cwd: repo });
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Survey the repository", assigneeAgentId: agent.id }, headers: board }),
      201,
    );
    await finishedRuns(request, board, company.id, agent.id, 1);
    const [rejected] = await planConfirmations(request, board, issue.id);
    const refused = await request.post(`/api/issues/${issue.id}/interactions/${rejected.id}/reject`, { data: {}, headers: board });
    expect(refused.status(), "the demo agent asks for a reason with every rejection").toBe(422);
    await json(
      await request.post(`/api/issues/${issue.id}/interactions/${rejected.id}/reject`, {
        data: { reason: "Say which branch is checked out." },
        headers: board,
      }),
      200,
    );

    const [, revising] = await finishedRuns(request, board, company.id, agent.id, 2);
    expect(revising.wakeReason).toBe("issue_commented");
    const revision = await demoCalls(request, board, revising.id);
    expect(revision.log).toContain('The board answered a request_confirmation: rejected ("Say which branch is checked out.")');
    expect(revision.calls.filter(isWrite).map(writeRoute)).toEqual(["POST checkout", "PUT documents/plan", "POST interactions", "POST comments"]);
    await expectWritesInActivity(request, board, issue.id, agent.id, revising.id, revision.calls);
    const plan = await planDocument(request, board, issue.id);
    expect(plan.latestRevisionNumber).toBe(2);
    expect(plan.body).toContain("## Changes the board asked for\n\n1. Say which branch is checked out.");
    const confirmations = await planConfirmations(request, board, issue.id);
    expect(confirmations.map((interaction) => interaction.status)).toEqual(["rejected", "pending"]);
    expect(confirmations[1]).toMatchObject({
      idempotencyKey: `plan-confirmation-${plan.latestRevisionId}`,
      payload: { target: { revisionId: plan.latestRevisionId } },
    });

    await json(await request.post(`/api/issues/${issue.id}/interactions/${confirmations[1].id}/accept`, { data: {}, headers: board }), 200);
    const [, , working] = await finishedRuns(request, board, company.id, agent.id, 3);
    await expectWritesInActivity(request, board, issue.id, agent.id, working.id, (await demoCalls(request, board, working.id)).calls);
    expect(await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).toMatchObject({ status: "done" });
    const [report] = await json(await request.get(`/api/issues/${issue.id}/attachments`, { headers: board }), 200);
    expect(report.content).toContain(`Working folder: ${repo}`);
    expect(report.content).toContain("Git checkout on branch main");
    expect(report.content).toContain("README.md (");
    // Read only: the checkout it surveyed is exactly as it was.
    expect(readdirSync(repo).sort()).toEqual(before);
    expect(execFileSync("git", ["status", "--porcelain"], { cwd: repo, encoding: "utf8" })).toBe("");

    // A person comments on the done issue: it answers without checking out (a done issue is no one's work) and stays done.
    await json(await request.post(`/api/issues/${issue.id}/comments`, { data: { body: "Thanks! Anything else?" }, headers: board }), 201);
    const [, , , afterDone] = await finishedRuns(request, board, company.id, agent.id, 4);
    const answer = await demoCalls(request, board, afterDone.id);
    expect(answer.calls.filter(isWrite).map(writeRoute)).toEqual(["POST comments"]);
    await expectWritesInActivity(request, board, issue.id, agent.id, afterDone.id, answer.calls);
    const [newest] = await json(await request.get(`/api/issues/${issue.id}/comments?limit=1`, { headers: board }), 200);
    expect(newest).toMatchObject({ authorAgentId: agent.id, runId: afterDone.id, body: expect.stringContaining("Done already") });
    expect(await json(await request.get(`/api/issues/${issue.id}`, { headers: board }), 200)).toMatchObject({ status: "done" });
  });

  test("an approval decision it is woken for is reported on each open linked issue of its own, which keeps waiting for its plan", async ({
    request,
    baseURL,
  }) => {
    const { board, company, agent } = await setUp(request, baseURL!, "Demo Approvals");
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Survey the folder", assigneeAgentId: agent.id }, headers: board }),
      201,
    );
    const other = await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title: "Nobody's issue" }, headers: board }), 201);
    await finishedRuns(request, board, company.id, agent.id, 1);

    // The demo agent never asks for approvals; the board files one in its name, linked to its issue and another one.
    const approval = await json(
      await request.post(`/api/companies/${company.id}/approvals`, {
        data: {
          type: "request_board_approval",
          requestedByAgentId: agent.id,
          issueIds: [issue.id, other.id],
          payload: { title: "Approve the folder survey" },
        },
        headers: board,
      }),
      201,
    );
    await json(await request.post(`/api/approvals/${approval.id}/approve`, { data: { decisionNote: "Go ahead." }, headers: board }), 200);

    const [, deciding] = await finishedRuns(request, board, company.id, agent.id, 2);
    expect(deciding.wakeReason).toBe("approval_approved");
    const decision = await demoCalls(request, board, deciding.id);
    expect(decision.calls.slice(1, 3).map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /api/approvals/${approval.id}`,
      `GET /api/approvals/${approval.id}/issues`,
    ]);
    expect(decision.log).toContain(`${other.identifier} is not assigned to me`);
    // Step 2 comes before the checkout; the plan still waits for its confirmation, so nothing else is written.
    expect(decision.calls.filter(isWrite).map((call) => `${writeRoute(call)} ${call.path.split("/")[3]}`)).toEqual([
      `POST comments ${issue.id}`,
      `POST checkout ${issue.id}`,
    ]);
    await expectWritesInActivity(request, board, issue.id, agent.id, deciding.id, decision.calls);
    const thread = await json(await request.get(`/api/issues/${issue.id}/comments?order=asc`, { headers: board }), 200);
    expect(thread.at(-1)).toMatchObject({ authorAgentId: agent.id, runId: deciding.id });
    expect(thread.at(-1).body).toBe(
      `[Approval "Approve the folder survey"](/approvals/${approval.id}) was approved ("Go ahead."). ` +
        `It does not change the work on [${issue.identifier}](/issues/${issue.identifier}): its plan is waiting for confirmation, and I start once it is accepted.`,
    );
    expect(await json(await request.get(`/api/issues/${other.id}/comments`, { headers: board }), 200)).toEqual([]);
    expect((await planConfirmations(request, board, issue.id)).map((interaction) => interaction.status)).toEqual(["pending"]);
  });
});
