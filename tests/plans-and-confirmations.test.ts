import { describe, expect, it } from "vitest";
import * as documentRoute from "@/app/api/issues/[id]/documents/[key]/route";
import * as documentsRoute from "@/app/api/issues/[id]/documents/route";
import * as restoreRoute from "@/app/api/issues/[id]/documents/[key]/revisions/[revisionId]/restore/route";
import * as revisionsRoute from "@/app/api/issues/[id]/documents/[key]/revisions/route";
import { db } from "@/lib/db/client";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { checkout, comment, createIssue, issueWorld, patchIssue } from "./support/issues";
import { createInteraction, getDocument, listInteractions, planConfirmation, putDocument, resolve, wakesFor } from "./support/plans";

const PLAN_V1 = "# Plan\n\n1. Add a sliding window limiter\n2. Tests";
const PLAN_V2 = "# Plan\n\n1. Add a token bucket limiter\n2. Tests\n3. Docs";

/** An issue assigned to Alice and checked out by her run: where plans are written. */
async function planningWorld() {
  const world = await issueWorld();
  const issue = (await createIssue(world.company.id, world.board.token, { title: "Rate limiting", assigneeAgentId: world.alice.agent.id })).json;
  expect((await checkout(issue.id, world.alice)).status).toBe(200);
  return { ...world, issue };
}

describe("issue documents", () => {
  it("creates revision 1 (201), appends with the right base (200), refuses a stale or missing base (409) and keeps what was stored", async () => {
    const { issue, alice, board } = await planningWorld();
    const created = await putDocument(issue.id, "plan", alice.token, { format: "markdown", title: "Plan", body: PLAN_V1 }, alice.headers);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ key: "plan", issueId: issue.id, body: PLAN_V1, latestRevisionNumber: 1, createdByAgentId: alice.agent.id });
    expect(created.json.documentId).toBe(created.json.id);

    const noBase = await putDocument(issue.id, "plan", board.token, { format: "markdown", body: PLAN_V2 });
    expect([noBase.status, noBase.json.code]).toEqual([409, "document_base_revision_required"]);
    const updated = await putDocument(
      issue.id,
      "plan",
      alice.token,
      { format: "markdown", title: "Plan", body: PLAN_V2, baseRevisionId: created.json.latestRevisionId },
      alice.headers,
    );
    expect([updated.status, updated.json.latestRevisionNumber]).toEqual([200, 2]);
    const stale = await putDocument(issue.id, "plan", board.token, { format: "markdown", body: "overwrite", baseRevisionId: created.json.latestRevisionId });
    expect([stale.status, stale.json.code, stale.json.details.currentRevisionId]).toEqual([409, "document_revision_conflict", updated.json.latestRevisionId]);
    expect((await getDocument(issue.id, "plan", board.token)).json.body).toBe(PLAN_V2);

    const same = await putDocument(
      issue.id,
      "plan",
      alice.token,
      { format: "markdown", title: "Plan", body: PLAN_V2, baseRevisionId: updated.json.latestRevisionId },
      alice.headers,
    );
    expect([same.status, same.json.latestRevisionNumber]).toEqual([200, 2]);
    const missing = await putDocument(issue.id, "notes", board.token, { format: "markdown", body: "x", baseRevisionId: created.json.latestRevisionId });
    expect([missing.status, missing.json.code]).toEqual([409, "document_not_found"]);
  });

  it("validates key, format and size, naming each field", async () => {
    const { issue, board } = await planningWorld();
    const bad = await callRoute(documentRoute.PUT, "PUT", `/api/issues/${issue.id}/documents/Bad Key`, {
      token: board.token,
      params: { id: issue.id, key: "Bad Key" },
      body: { format: "html", body: "x".repeat(512 * 1024 + 1) },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["body.body", "body.format", "params.key"]);
    expect(await db.document.count({ where: { companyId: issue.companyId } })).toBe(0);
  });

  it("lists documents and revisions newest first, restores an old revision as a new one, and only the board deletes", async () => {
    const { issue, alice, board } = await planningWorld();
    const v1 = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers)).json;
    const v2 = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V2, baseRevisionId: v1.latestRevisionId }, alice.headers))
      .json;
    await putDocument(issue.id, "notes", alice.token, { format: "markdown", body: "n" }, alice.headers);
    const list = await callRoute(documentsRoute.GET, "GET", `/api/issues/${issue.id}/documents`, { token: alice.token, params: { id: issue.id } });
    expect(list.json.map((d: { key: string }) => d.key)).toEqual(["notes", "plan"]);
    const revisions = await callRoute(revisionsRoute.GET, "GET", "/r", { token: board.token, params: { id: issue.identifier, key: "plan" } });
    expect(revisions.json.map((r: { revisionNumber: number; body: string }) => [r.revisionNumber, r.body])).toEqual([
      [2, PLAN_V2],
      [1, PLAN_V1],
    ]);

    const restore = (revisionId: string) =>
      callRoute(restoreRoute.POST, "POST", "/restore", { token: board.token, params: { id: issue.id, key: "plan", revisionId }, body: {} });
    const restored = await restore(v1.latestRevisionId);
    expect(restored.json).toMatchObject({ latestRevisionNumber: 3, body: PLAN_V1 });
    expect((await restore(restored.json.latestRevisionId)).json.code).toBe("revision_already_latest");
    expect(v2.latestRevisionNumber).toBe(2);

    const agentDelete = await callRoute(documentRoute.DELETE, "DELETE", "/d", {
      token: alice.token,
      params: { id: issue.id, key: "plan" },
      headers: alice.headers,
    });
    expect(agentDelete.status).toBe(403);
    const deleted = await callRoute(documentRoute.DELETE, "DELETE", "/d", { token: board.token, params: { id: issue.id, key: "plan" } });
    expect(deleted.status).toBe(200);
    expect((await getDocument(issue.id, "plan", board.token)).status).toBe(404);
    expect(await db.documentRevision.count({ where: { companyId: issue.companyId } })).toBe(1);
  });

  it("another company's board cannot read or write the documents (404)", async () => {
    const { issue, alice } = await planningWorld();
    await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers);
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    expect((await getDocument(issue.id, "plan", outsider.token)).status).toBe(404);
    expect((await putDocument(issue.id, "plan", outsider.token, { format: "markdown", body: "x" })).status).toBe(404);
  });
});

describe("Plan Approval Pattern (task-workflow-confirmations), step by step", () => {
  it("plan document → fetch revision → confirmation on that revision with the seed's key → accept wakes → supersede, revise, ask again", async () => {
    const { issue, alice, board, company } = await planningWorld();
    // 1. Create or update the issue document with key `plan`.
    expect((await putDocument(issue.id, "plan", alice.token, { format: "markdown", title: "Plan", body: PLAN_V1 }, alice.headers)).status).toBe(201);
    // 2. Fetch the saved document: documentId, latestRevisionId, latestRevisionNumber.
    const plan = (await getDocument(issue.id, "plan", alice.token)).json;
    expect(plan).toMatchObject({ documentId: plan.id, latestRevisionNumber: 1 });
    // 3 + 4. A request_confirmation aimed at exactly that revision, keyed confirmation:${issueId}:plan:${latestRevisionId}.
    const body = planConfirmation(issue.id, plan);
    const asked = await createInteraction(issue.id, alice.token, body, alice.headers);
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({
      kind: "request_confirmation",
      status: "pending",
      idempotencyKey: `confirmation:${issue.id}:plan:${plan.latestRevisionId}`,
      createdByAgentId: alice.agent.id,
    });
    expect(asked.json.payload.target).toMatchObject({ type: "issue_document", documentId: plan.id, revisionId: plan.latestRevisionId, revisionNumber: 1 });

    // 5. Wait for acceptance: the agent itself cannot accept; the board does, and that wakes the assignee.
    expect((await resolve("accept", issue.id, asked.json.id, alice.token, {}, alice.headers)).status).toBe(403);
    const before = (await wakesFor(alice.agent.id)).length;
    const accepted = await resolve("accept", issue.id, asked.json.id, board.token);
    expect(accepted.json).toMatchObject({ status: "accepted", result: { version: 1, outcome: "accepted" }, resolvedByUserId: board.user.id });
    const acceptWake = (await wakesFor(alice.agent.id)).slice(before);
    expect(acceptWake).toHaveLength(1);
    expect(acceptWake[0]).toMatchObject({ reason: "issue_commented", issueId: issue.id });
    expect(acceptWake[0].payload).toMatchObject({ mutation: "interaction", interactionId: asked.json.id, interactionStatus: "accepted", outcome: "accepted" });

    // 6. A later plan revision gets a fresh confirmation; a board comment supersedes it; the agent revises and asks again.
    const v2 = (
      await putDocument(
        issue.id,
        "plan",
        alice.token,
        { format: "markdown", title: "Plan", body: PLAN_V2, baseRevisionId: plan.latestRevisionId },
        alice.headers,
      )
    ).json;
    const second = (await createInteraction(issue.id, alice.token, planConfirmation(issue.id, v2), alice.headers)).json;
    const boardComment = await comment(issue.id, board.token, "Use a token bucket per company, not per key.");
    const superseded = (await listInteractions(issue.id, board.token)).json.find((i: { id: string }) => i.id === second.id);
    expect(superseded).toMatchObject({ status: "expired", result: { version: 1, outcome: "superseded_by_comment", commentId: boardComment.json.id } });
    const commentWake = (await wakesFor(alice.agent.id)).at(-1)!;
    expect(commentWake.payload).toMatchObject({
      commentId: boardComment.json.id,
      supersededInteractions: [{ interactionId: second.id, outcome: "superseded_by_comment" }],
    });
    expect((await resolve("accept", issue.id, second.id, board.token)).status).toBe(409);

    const v3 = (
      await putDocument(
        issue.id,
        "plan",
        alice.token,
        { format: "markdown", title: "Plan", body: `${PLAN_V2}\n4. Per-company buckets`, baseRevisionId: v2.latestRevisionId },
        alice.headers,
      )
    ).json;
    const third = await createInteraction(issue.id, alice.token, planConfirmation(issue.id, v3), alice.headers);
    expect([third.status, third.json.status, third.json.payload.target.revisionNumber]).toEqual([201, "pending", 3]);
    expect((await resolve("accept", issue.id, third.json.id, board.token)).json.status).toBe("accepted");
    expect(await db.issueThreadInteraction.count({ where: { companyId: company.id } })).toBe(3);
  });
});

describe("confirmations", () => {
  it("10 concurrent identical creates make one row: one 201, nine 200 with the same interaction", async () => {
    const { issue, alice } = await planningWorld();
    const plan = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers)).json;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createInteraction(issue.id, alice.token, planConfirmation(issue.id, plan), alice.headers)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    expect(await db.issueThreadInteraction.count({ where: { issueId: issue.id } })).toBe(1);
    expect(await db.activityLog.count({ where: { entityId: issue.id, action: "issue.thread_interaction_created" } })).toBe(1);
  });

  it("reusing a key with a different request is 409, and key order alone is not a difference", async () => {
    const { issue, alice } = await planningWorld();
    const plan = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers)).json;
    const body = planConfirmation(issue.id, plan);
    const first = await createInteraction(issue.id, alice.token, body, alice.headers);
    const reordered = { payload: body.payload, continuationPolicy: body.continuationPolicy, idempotencyKey: body.idempotencyKey, kind: body.kind };
    expect((await createInteraction(issue.id, alice.token, reordered, alice.headers)).json.id).toBe(first.json.id);
    const different = await createInteraction(issue.id, alice.token, { ...body, payload: { ...body.payload, prompt: "Something else?" } }, alice.headers);
    expect([different.status, different.json.code]).toEqual([409, "idempotency_key_reused"]);
    expect(await db.issueThreadInteraction.count({ where: { issueId: issue.id } })).toBe(1);
  });

  it("a new revision expires the pending confirmation as stale_target; accepting it is 409; creating one on an old revision is 422", async () => {
    const { issue, alice, board } = await planningWorld();
    const plan = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers)).json;
    const asked = (await createInteraction(issue.id, alice.token, planConfirmation(issue.id, plan), alice.headers)).json;
    await putDocument(issue.id, "plan", board.token, { format: "markdown", body: PLAN_V2, baseRevisionId: plan.latestRevisionId });
    const expired = (await listInteractions(issue.id, board.token)).json[0];
    expect(expired).toMatchObject({ status: "expired", result: { outcome: "stale_target", staleTarget: { revisionId: plan.latestRevisionId } } });
    const wake = (await wakesFor(alice.agent.id)).at(-1)!;
    expect(wake.payload).toMatchObject({ interactionId: asked.id, outcome: "stale_target" });
    const accept = await resolve("accept", issue.id, asked.id, board.token);
    expect([accept.status, accept.json.code]).toEqual([409, "interaction_resolved"]);
    const late = await createInteraction(issue.id, alice.token, planConfirmation(issue.id, plan, { idempotencyKey: "late" }), alice.headers);
    expect([late.status, late.json.code]).toEqual([422, "stale_target"]);
  });

  it("reject needs a reason when the payload says so (422, nothing changes) and the woken assignee gets the reason", async () => {
    const { issue, alice, board } = await planningWorld();
    const plan = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers)).json;
    const asked = (await createInteraction(issue.id, alice.token, planConfirmation(issue.id, plan), alice.headers)).json;
    const noReason = await resolve("reject", issue.id, asked.id, board.token, {});
    expect([noReason.status, noReason.json.code, noReason.json.invalid_params[0].name]).toEqual([422, "reason_required", "reason"]);
    expect((await listInteractions(issue.id, board.token)).json[0].status).toBe("pending");
    const rejected = await resolve("reject", issue.id, asked.id, board.token, { reason: "Split the migration into its own step" });
    expect(rejected.json).toMatchObject({ status: "rejected", result: { outcome: "rejected", reason: "Split the migration into its own step" } });
    const wake = (await wakesFor(alice.agent.id)).at(-1)!;
    expect(wake.payload).toMatchObject({ interactionId: asked.id, outcome: "rejected", reason: "Split the migration into its own step" });
  });

  it("two resolvers race: exactly one decides, the other gets 409", async () => {
    const { issue, alice, board, company } = await planningWorld();
    const second = await seedUser({ memberships: { [company.id]: "owner" } });
    const plan = (await putDocument(issue.id, "plan", alice.token, { format: "markdown", body: PLAN_V1 }, alice.headers)).json;
    const asked = (await createInteraction(issue.id, alice.token, planConfirmation(issue.id, plan), alice.headers)).json;
    const [a, b] = await Promise.all([
      resolve("accept", issue.id, asked.id, board.token),
      resolve("reject", issue.id, asked.id, second.token, { reason: "No" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(
      await db.activityLog.count({ where: { entityId: issue.id, action: { in: ["issue.thread_interaction_accepted", "issue.thread_interaction_rejected"] } } }),
    ).toBe(1);
  });

  it("continuation policies: none wakes nobody, wake_assignee_on_accept only on accept; agents resolve only when the policy admits them", async () => {
    const { issue, alice, bob, board } = await planningWorld();
    const ask = (overrides: Record<string, unknown>) =>
      createInteraction(issue.id, alice.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Go?" }, ...overrides }, alice.headers).then(
        (r) => r.json,
      );
    const quiet = await ask({ continuationPolicy: "none" });
    const onAccept = await ask({ continuationPolicy: "wake_assignee_on_accept" });
    const before = (await wakesFor(alice.agent.id)).length;
    await resolve("accept", issue.id, quiet.id, board.token);
    await resolve("reject", issue.id, onAccept.id, board.token, { reason: "no" });
    expect((await wakesFor(alice.agent.id)).length).toBe(before);

    const forAgents = await ask({ resolverPolicy: "board_or_agents", addresseeAgentId: bob.agent.id, continuationPolicy: "wake_assignee" });
    const notCreator = await ask({ resolverPolicy: "not_creator" });
    const boardOnly = await ask({});
    expect((await resolve("accept", issue.id, boardOnly.id, bob.token, {}, bob.headers)).json.code).toBe("board_resolution_required");
    expect((await resolve("accept", issue.id, notCreator.id, alice.token, {}, alice.headers)).json.code).toBe("resolver_is_creator");
    const byBob = await resolve("accept", issue.id, forAgents.id, bob.token, {}, bob.headers);
    expect(byBob.json).toMatchObject({ status: "accepted", resolvedByAgentId: bob.agent.id });
    expect((await wakesFor(alice.agent.id)).at(-1)!.payload).toMatchObject({ interactionId: forAgents.id, outcome: "accepted" });
    expect((await resolve("cancel", issue.id, notCreator.id, bob.token, {}, bob.headers)).json.code).toBe("not_interaction_creator");
    expect((await resolve("cancel", issue.id, notCreator.id, alice.token, { reason: "Moot" }, alice.headers)).json).toMatchObject({
      status: "cancelled",
      result: { reason: "Moot" },
    });
  });

  it("viewers cannot resolve; closing the issue expires what is pending; a closed issue takes no new interactions", async () => {
    const { issue, alice, board, company } = await planningWorld();
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    const asked = (await createInteraction(issue.id, alice.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Go?" } }, alice.headers))
      .json;
    expect((await resolve("accept", issue.id, asked.id, viewer.token)).status).toBe(403);
    expect((await patchIssue(issue.id, board.token, { status: "cancelled" })).status).toBe(200);
    expect((await listInteractions(issue.id, board.token)).json[0]).toMatchObject({ status: "expired", result: { outcome: "issue_closed" } });
    const closed = await createInteraction(issue.id, board.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Again?" } });
    expect([closed.status, closed.json.code]).toEqual([409, "issue_closed"]);
  });

  it("ask_user_questions: answers are checked against the questions, then recorded and wake the assignee", async () => {
    const { issue, alice, board } = await planningWorld();
    const asked = (
      await createInteraction(
        issue.id,
        alice.token,
        {
          kind: "ask_user_questions",
          payload: {
            version: 1,
            questions: [
              {
                id: "scope",
                prompt: "Which limiter?",
                selectionMode: "single",
                required: true,
                options: [
                  { id: "bucket", label: "Token bucket" },
                  { id: "window", label: "Sliding window" },
                ],
              },
              { id: "extras", prompt: "Also?", selectionMode: "multi", options: [{ id: "docs", label: "Docs" }] },
            ],
          },
        },
        alice.headers,
      )
    ).json;
    expect(asked.continuationPolicy).toBe("wake_assignee");
    const bad = await resolve("respond", issue.id, asked.id, board.token, {
      answers: [
        { questionId: "scope", optionIds: ["bucket", "window"] },
        { questionId: "nope", optionIds: [] },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["answers.0.optionIds", "answers.1.questionId"]);
    expect((await resolve("accept", issue.id, asked.id, board.token)).json.code).toBe("wrong_interaction_kind");
    const answered = await resolve("respond", issue.id, asked.id, board.token, { answers: [{ questionId: "scope", optionIds: ["bucket"] }] });
    expect(answered.json).toMatchObject({ status: "answered", result: { answers: [{ questionId: "scope", optionIds: ["bucket"] }] } });
    expect((await wakesFor(alice.agent.id)).at(-1)!.payload).toMatchObject({ interactionId: asked.id, interactionStatus: "answered" });
  });

  it("bad create bodies are 400 naming each field; unknown kinds are refused", async () => {
    const { issue, board } = await planningWorld();
    const bad = await createInteraction(issue.id, board.token, {
      kind: "request_confirmation",
      continuationPolicy: "sometimes",
      payload: { version: 2, prompt: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual([
      "body.continuationPolicy",
      "body.payload.prompt",
      "body.payload.version",
    ]);
    expect((await createInteraction(issue.id, board.token, { kind: "launch_missiles", payload: {} })).status).toBe(400);
    const wrongDoc = await createInteraction(issue.id, board.token, {
      kind: "request_confirmation",
      payload: { version: 1, prompt: "Go?", target: { type: "issue_document", key: "plan", revisionId: crypto.randomUUID() } },
    });
    expect([wrongDoc.status, wrongDoc.json.invalid_params[0].name]).toEqual([422, "body.payload.target.key"]);
    expect(await db.issueThreadInteraction.count({ where: { issueId: issue.id } })).toBe(0);
  });
});
