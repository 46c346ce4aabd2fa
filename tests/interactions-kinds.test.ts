import { describe, expect, it } from "vitest";
import * as withdrawRoute from "@/app/api/issues/[id]/interactions/[interactionId]/withdraw/route";
import * as labelsRoute from "@/app/api/companies/[companyId]/labels/route";
import { db } from "@/lib/db/client";
import { applyHeldAction } from "@/lib/held-actions/apply";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";
import { checkout, createIssue, getIssue, issueWorld } from "./support/issues";
import { createInteraction, listInteractions, resolve, wakesFor } from "./support/plans";

/** An issue assigned to Alice and checked out by her run: where she asks. */
async function world() {
  const base = await issueWorld();
  const issue = (await createIssue(base.company.id, base.board.token, { title: "Split the rollout", assigneeAgentId: base.alice.agent.id })).json;
  expect((await checkout(issue.id, base.alice)).status).toBe(200);
  return { ...base, issue };
}

function withdraw(id: string, interactionId: string, token: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return callRoute(withdrawRoute.POST, "POST", `/api/issues/${id}/interactions/${interactionId}/withdraw`, {
    token,
    params: { id, interactionId },
    body,
    headers,
  });
}

const childrenOf = (parentId: string) => db.issue.findMany({ where: { parentId }, orderBy: { number: "asc" } });
const names = (response: { json: { invalid_params?: { name: string }[] } }) => (response.json.invalid_params ?? []).map((param) => param.name).sort();

function suggestion(bobId: string, extra: Record<string, unknown> = {}) {
  return {
    kind: "suggest_tasks",
    idempotencyKey: `suggest:${crypto.randomUUID()}`,
    payload: {
      version: 1,
      tasks: [
        { clientKey: "api", title: "Build the API", description: "**Endpoints** for the rollout", priority: "high", assigneeAgentId: bobId },
        { clientKey: "api-tests", parentClientKey: "api", title: "Test the API" },
        { clientKey: "docs", title: "Write the docs", priority: "low" },
      ],
    },
    ...extra,
  };
}

describe("suggest_tasks", () => {
  it("accepting creates every suggested task as a child through the create path: parent, assignee, status, identifiers, wake", async () => {
    const { issue, alice, bob, board } = await world();
    const asked = await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers);
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({ kind: "suggest_tasks", status: "pending", continuationPolicy: "wake_assignee", createdByAgentId: alice.agent.id });
    const bobWakesBefore = (await wakesFor(bob.agent.id)).length;

    const accepted = await resolve("accept", issue.id, asked.json.id, board.token, {});
    expect(accepted.status).toBe(200);
    expect(accepted.json.status).toBe("accepted");
    const created = accepted.json.result.createdTasks as {
      clientKey: string;
      issueId: string;
      identifier: string;
      parentIssueId: string;
      parentIdentifier: string;
    }[];
    expect(created.map((task) => task.clientKey)).toEqual(["api", "api-tests", "docs"]);
    expect(accepted.json.result.skippedClientKeys).toBeUndefined();

    const direct = await childrenOf(issue.id);
    expect(direct.map((child) => child.title)).toEqual(["Build the API", "Write the docs"]);
    const api = direct[0];
    expect(api).toMatchObject({
      companyId: issue.companyId,
      status: "todo",
      priority: "high",
      assigneeAgentId: bob.agent.id,
      description: "**Endpoints** for the rollout",
      createdByUserId: board.user.id,
    });
    expect(api.identifier).toMatch(new RegExp(`^${issue.identifier.split("-")[0]}-\\d+$`));
    expect(created[0]).toMatchObject({ issueId: api.id, identifier: api.identifier, parentIssueId: issue.id, parentIdentifier: issue.identifier });
    // A nested suggestion lands under the issue created for its parent suggestion.
    const nested = await childrenOf(api.id);
    expect(nested.map((child) => [child.title, child.status, child.assigneeAgentId])).toEqual([["Test the API", "todo", null]]);
    expect(created[1]).toMatchObject({ issueId: nested[0].id, parentIssueId: api.id, parentIdentifier: api.identifier });
    // The assigned agent is woken about its new issue, as any create would; the asker is woken by the continuation.
    const bobWakes = (await wakesFor(bob.agent.id)).slice(bobWakesBefore);
    expect(bobWakes.map((wake) => [wake.reason, (wake.payload as { issueId?: string } | null)?.issueId ?? wake.issueId])).toContainEqual([
      "issue_assigned",
      api.id,
    ]);
    const aliceWake = (await wakesFor(alice.agent.id)).at(-1)!;
    expect(aliceWake.payload).toMatchObject({ interactionId: asked.json.id, outcome: "accepted", createdIssueIds: created.map((task) => task.issueId) });
    expect((await getIssue(api.identifier, board.token)).json.parentId).toBe(issue.id);
  });

  it("accepts a subset; a nested task needs its parent selected; unknown or empty selections are 422 naming the field", async () => {
    const { issue, alice, bob, board } = await world();
    const asked = (await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers)).json;

    const orphan = await resolve("accept", issue.id, asked.id, board.token, { selectedClientKeys: ["api-tests"] });
    expect([orphan.status, orphan.json.code]).toEqual([422, "invalid_selection"]);
    expect(names(orphan)).toEqual(["selectedClientKeys"]);
    const unknown = await resolve("accept", issue.id, asked.id, board.token, { selectedClientKeys: ["docs", "nope"] });
    expect([unknown.status, names(unknown)]).toEqual([422, ["selectedClientKeys.1"]]);
    const empty = await resolve("accept", issue.id, asked.id, board.token, { selectedClientKeys: [] });
    expect([empty.status, empty.json.code]).toEqual([422, "invalid_selection"]);
    expect(await childrenOf(issue.id)).toHaveLength(0);

    const subset = await resolve("accept", issue.id, asked.id, board.token, { selectedClientKeys: ["docs"] });
    expect(subset.status).toBe(200);
    expect(subset.json.result.createdTasks.map((task: { clientKey: string }) => task.clientKey)).toEqual(["docs"]);
    expect(subset.json.result.skippedClientKeys).toEqual(["api", "api-tests"]);
    expect((await childrenOf(issue.id)).map((child) => child.title)).toEqual(["Write the docs"]);
  });

  it("accepting twice is 409 carrying the first result, and creates nothing more", async () => {
    const { issue, alice, bob, board } = await world();
    const asked = (await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers)).json;
    const first = await resolve("accept", issue.id, asked.id, board.token, {});
    expect(first.status).toBe(200);
    const again = await resolve("accept", issue.id, asked.id, board.token, {});
    expect([again.status, again.json.code]).toEqual([409, "interaction_resolved"]);
    expect(again.json.details.result.createdTasks).toEqual(first.json.result.createdTasks);
    expect(await db.issue.count({ where: { companyId: issue.companyId, title: "Build the API" } })).toBe(1);
  });

  it("concurrent accepts create one set of children: one wins, the others are 409", async () => {
    const { issue, alice, bob, board, company } = await world();
    const other = await seedUser({ memberships: { [company.id]: "owner" } });
    const asked = (await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers)).json;
    const answers = await Promise.all([
      resolve("accept", issue.id, asked.id, board.token, {}),
      resolve("accept", issue.id, asked.id, other.token, { selectedClientKeys: ["docs"] }),
      resolve("accept", issue.id, asked.id, board.token, { selectedClientKeys: ["api"] }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const winner = answers.find((answer) => answer.status === 200)!;
    const made = await db.issue.findMany({ where: { companyId: issue.companyId, NOT: { id: issue.id } } });
    expect(made.map((child) => child.id).sort()).toEqual(winner.json.result.createdTasks.map((task: { issueId: string }) => task.issueId).sort());
  });

  it("rejecting creates nothing and keeps the reason", async () => {
    const { issue, alice, bob, board } = await world();
    const asked = (await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers)).json;
    const rejected = await resolve("reject", issue.id, asked.id, board.token, { reason: "Too granular" });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({ status: "rejected", result: { version: 1, rejectionReason: "Too granular" } });
    expect(await childrenOf(issue.id)).toHaveLength(0);
    expect((await wakesFor(alice.agent.id)).at(-1)!.payload).toMatchObject({ outcome: "rejected", reason: "Too granular" });
  });

  it("all or nothing: when one child cannot be created, none is and the card stays pending", async () => {
    const { issue, alice, bob, board, company } = await world();
    const label = await callRoute(labelsRoute.POST, "POST", `/api/companies/${company.id}/labels`, {
      token: board.token,
      params: { companyId: company.id },
      body: { name: "rollout", color: "#22c55e" },
    });
    expect(label.status).toBe(201);
    const body = suggestion(bob.agent.id);
    (body.payload.tasks[2] as Record<string, unknown>).labels = ["rollout"];
    const asked = (await createInteraction(issue.id, alice.token, body, alice.headers)).json;
    await db.label.delete({ where: { id: label.json.id } });
    const accepted = await resolve("accept", issue.id, asked.id, board.token, {});
    expect([accepted.status, accepted.json.code, names(accepted)]).toEqual([422, "invalid_reference", ["payload.tasks.2.labels"]]);
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(1);
    expect((await listInteractions(issue.id, board.token)).json[0].status).toBe("pending");
  });

  it("takes a Paperclip-shaped request unchanged: fields we do not use are dropped and named, not refused", async () => {
    const { issue, alice, bob, board } = await world();
    const body = suggestion(bob.agent.id);
    (body.payload.tasks[0] as Record<string, unknown>).executionContract = { kind: "standard" };
    const asked = await createInteraction(issue.id, alice.token, body, alice.headers);
    expect(asked.status).toBe(201);
    expect(asked.headers.get("x-switchboard-ignored-fields")).toContain("payload.tasks.0.executionContract");
    const accepted = await resolve("accept", issue.id, asked.json.id, board.token, { selectedClientKeys: ["docs"], rememberAction: false });
    expect(accepted.status).toBe(200);
  });

  it("refuses inconsistent payloads with 422 naming each field, and references outside the company", async () => {
    const { issue, alice, bob } = await world();
    const other = await seedCompany();
    const bad = await createInteraction(
      issue.id,
      alice.token,
      {
        kind: "suggest_tasks",
        payload: {
          version: 1,
          tasks: [
            { clientKey: "a", parentClientKey: "b", title: "A" },
            { clientKey: "b", parentClientKey: "a", title: "B" },
            { clientKey: "c", parentClientKey: "missing", title: "C", assigneeAgentId: bob.agent.id, assigneeUserId: crypto.randomUUID() },
            { clientKey: "c", title: "C again" },
          ],
        },
      },
      alice.headers,
    );
    expect([bad.status, bad.json.code]).toEqual([422, "invalid_interaction_payload"]);
    expect(names(bad)).toEqual([
      "body.payload.tasks.0.parentClientKey",
      "body.payload.tasks.1.parentClientKey",
      "body.payload.tasks.2.assigneeAgentId",
      "body.payload.tasks.2.parentClientKey",
      "body.payload.tasks.3.clientKey",
    ]);
    const foreign = await createInteraction(
      issue.id,
      alice.token,
      { kind: "suggest_tasks", payload: { version: 1, defaultParentId: other.id, tasks: [{ clientKey: "x", title: "X", projectId: crypto.randomUUID() }] } },
      alice.headers,
    );
    expect([foreign.status, foreign.json.code]).toEqual([422, "invalid_reference"]);
    expect(names(foreign)).toEqual(["body.payload.defaultParentId", "body.payload.tasks.0.projectId"]);
    const unknownLabel = await createInteraction(
      issue.id,
      alice.token,
      { kind: "suggest_tasks", payload: { version: 1, tasks: [{ clientKey: "x", title: "X", labels: ["nope"] }] } },
      alice.headers,
    );
    expect([unknownLabel.status, names(unknownLabel)]).toEqual([422, ["body.payload.tasks.0.labels"]]);
    const empty = await createInteraction(issue.id, alice.token, { kind: "suggest_tasks", payload: { version: 1, tasks: [] } }, alice.headers);
    expect(empty.status).toBe(400);
    expect(await db.issueThreadInteraction.count({ where: { issueId: issue.id } })).toBe(0);
  });
});

function checkboxes(extra: Record<string, unknown> = {}) {
  return {
    kind: "request_checkbox_confirmation",
    payload: {
      version: 1,
      prompt: "Before the migration runs:",
      options: [
        { id: "backup", label: "A backup exists", required: true },
        { id: "window", label: "The maintenance window is announced", required: true },
        { id: "notify", label: "Notify support" },
      ],
      defaultSelectedOptionIds: ["notify"],
      ...extra,
    },
  };
}

describe("request_checkbox_confirmation", () => {
  it("accept needs every required box: 422 names the unticked ones; the result keeps what was ticked, in card order", async () => {
    const { issue, alice, board } = await world();
    const asked = await createInteraction(issue.id, alice.token, checkboxes(), alice.headers);
    expect(asked.status).toBe(201);
    expect(asked.json.continuationPolicy).toBe("wake_assignee");

    const defaults = await resolve("accept", issue.id, asked.json.id, board.token, {});
    expect([defaults.status, defaults.json.code]).toEqual([422, "invalid_selection"]);
    expect(defaults.json.details.unticked).toEqual(["backup", "window"]);
    const partial = await resolve("accept", issue.id, asked.json.id, board.token, { selectedOptionIds: ["window"] });
    expect(partial.json.details.unticked).toEqual(["backup"]);
    expect(partial.json.invalid_params[0]).toMatchObject({ name: "selectedOptionIds", reason: expect.stringContaining("backup") });
    const unknown = await resolve("accept", issue.id, asked.json.id, board.token, { selectedOptionIds: ["backup", "window", "bogus"] });
    expect([unknown.status, names(unknown)]).toEqual([422, ["selectedOptionIds.2"]]);

    const accepted = await resolve("accept", issue.id, asked.json.id, board.token, { selectedOptionIds: ["window", "backup"] });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ status: "accepted", result: { version: 1, outcome: "accepted", selectedOptionIds: ["backup", "window"] } });
    expect((await wakesFor(alice.agent.id)).at(-1)!.payload).toMatchObject({ interactionKind: "request_checkbox_confirmation", outcome: "accepted" });
  });

  it("an acceptance held for a finalizing workspace applies the boxes that were ticked, not the defaults", async () => {
    const { issue, alice, board } = await world();
    const asked = (await createInteraction(issue.id, alice.token, checkboxes(), alice.headers)).json;
    const held = await db.issueHeldAction.create({
      data: {
        companyId: issue.companyId,
        issueId: issue.id,
        kind: "interaction_accept",
        status: "applying",
        waitingForWorkspaceIds: [],
        payload: { interactionId: asked.id, selectedOptionIds: ["window", "backup"] },
        actorType: "user",
        actorId: board.user.id,
        leaseOwner: "interactions-kinds-test",
        leaseExpiresAt: new Date(Date.now() + 60_000),
      },
    });
    await applyHeldAction(held);
    expect(await db.issueHeldAction.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "applied", error: null });
    expect(await db.issueThreadInteraction.findUniqueOrThrow({ where: { id: asked.id } })).toMatchObject({
      status: "accepted",
      resolvedByUserId: board.user.id,
      result: { outcome: "accepted", selectedOptionIds: ["backup", "window"] },
    });
  });

  it("honours minSelected/maxSelected and a required reason to reject; refuses impossible payloads naming each field", async () => {
    const { issue, alice, board } = await world();
    const asked = (
      await createInteraction(
        issue.id,
        alice.token,
        {
          kind: "request_checkbox_confirmation",
          payload: {
            version: 1,
            prompt: "Pick regions",
            options: [
              { id: "eu", label: "EU" },
              { id: "us", label: "US" },
              { id: "ap", label: "AP" },
            ],
            minSelected: 1,
            maxSelected: 2,
            rejectRequiresReason: true,
          },
        },
        alice.headers,
      )
    ).json;
    expect((await resolve("accept", issue.id, asked.id, board.token, { selectedOptionIds: [] })).json.code).toBe("invalid_selection");
    expect((await resolve("accept", issue.id, asked.id, board.token, { selectedOptionIds: ["eu", "us", "ap"] })).status).toBe(422);
    expect((await resolve("reject", issue.id, asked.id, board.token, {})).json.code).toBe("reason_required");
    expect((await resolve("respond", issue.id, asked.id, board.token, { answers: [] })).json.code).toBe("wrong_interaction_kind");
    const rejected = await resolve("reject", issue.id, asked.id, board.token, { reason: "Not yet" });
    expect(rejected.json).toMatchObject({ status: "rejected", result: { outcome: "rejected", reason: "Not yet" } });

    const bad = await createInteraction(
      issue.id,
      alice.token,
      checkboxes({
        options: [
          { id: "a", label: "A", required: true },
          { id: "a", label: "A again" },
        ],
        defaultSelectedOptionIds: ["zzz"],
        minSelected: 3,
        maxSelected: 0,
      }),
      alice.headers,
    );
    expect([bad.status, bad.json.code]).toEqual([422, "invalid_interaction_payload"]);
    expect(names(bad)).toEqual([
      "body.payload.defaultSelectedOptionIds.0",
      "body.payload.maxSelected",
      "body.payload.minSelected",
      "body.payload.options.1.id",
    ]);
  });
});

describe("withdraw", () => {
  it("only the creator withdraws a pending interaction: cancelled with outcome withdrawn; others 403; resolved ones 409", async () => {
    const { issue, alice, bob, board, company } = await world();
    const asked = (await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers)).json;
    const byBob = await withdraw(issue.id, asked.id, bob.token, {}, bob.headers);
    expect([byBob.status, byBob.json.code]).toEqual([403, "not_interaction_creator"]);
    const byBoard = await withdraw(issue.id, asked.id, board.token);
    expect([byBoard.status, byBoard.json.code]).toEqual([403, "not_interaction_creator"]);

    const withdrawn = await withdraw(issue.id, asked.id, alice.token, { reason: "Found a simpler split" }, alice.headers);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json).toMatchObject({
      status: "cancelled",
      resolvedByAgentId: alice.agent.id,
      result: { version: 1, outcome: "withdrawn", reason: "Found a simpler split" },
    });
    expect((await resolve("accept", issue.id, asked.id, board.token, {})).status).toBe(409);
    expect(await childrenOf(issue.id)).toHaveLength(0);
    const activity = await db.activityLog.findFirst({ where: { companyId: company.id, action: "issue.thread_interaction_withdrawn" } });
    expect(activity).not.toBeNull();

    // A board user withdraws what they asked; after a decision nobody can.
    const mine = (await createInteraction(issue.id, board.token, checkboxes())).json;
    expect((await withdraw(issue.id, mine.id, alice.token, {}, alice.headers)).status).toBe(403);
    expect((await withdraw(issue.id, mine.id, board.token)).json).toMatchObject({ status: "cancelled", result: { outcome: "withdrawn", reason: null } });
    const decided = (await createInteraction(issue.id, board.token, { kind: "request_confirmation", payload: { version: 1, prompt: "Ship?" } })).json;
    const other = await seedUser({ memberships: { [company.id]: "owner" } });
    expect((await resolve("accept", issue.id, decided.id, other.token, {})).status).toBe(200);
    const late = await withdraw(issue.id, decided.id, board.token);
    expect([late.status, late.json.code]).toEqual([409, "interaction_resolved"]);
  });

  it("questions withdraw with an empty answer list", async () => {
    const { issue, alice } = await world();
    const asked = (
      await createInteraction(
        issue.id,
        alice.token,
        {
          kind: "ask_user_questions",
          payload: { version: 1, questions: [{ id: "q", prompt: "Which?", selectionMode: "single", options: [{ id: "a", label: "A" }] }] },
        },
        alice.headers,
      )
    ).json;
    const withdrawn = await withdraw(issue.id, asked.id, alice.token, {}, alice.headers);
    expect(withdrawn.json).toMatchObject({ status: "cancelled", result: { outcome: "withdrawn", answers: [], summaryMarkdown: null } });
  });
});

describe("isolation", () => {
  it("another company's board gets 404 creating, accepting and withdrawing", async () => {
    const { issue, alice, bob } = await world();
    const asked = (await createInteraction(issue.id, alice.token, suggestion(bob.agent.id), alice.headers)).json;
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    expect((await createInteraction(issue.id, outsider.token, checkboxes())).status).toBe(404);
    expect((await resolve("accept", issue.id, asked.id, outsider.token, {})).status).toBe(404);
    expect((await withdraw(issue.id, asked.id, outsider.token)).status).toBe(404);
    expect((await listInteractions(issue.id, alice.token)).json[0].status).toBe("pending");
    expect(await childrenOf(issue.id)).toHaveLength(0);
  });
});
