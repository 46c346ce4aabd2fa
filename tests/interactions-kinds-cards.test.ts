import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { prerenderToNodeStream } from "react-dom/static";
import { describe, expect, it } from "vitest";
import { InteractionCard } from "@/components/interactions/interaction-card";
import type { People } from "@/components/issues/people";
import { meKeys } from "@/lib/queries/keys";
import type { Interaction } from "@/lib/queries/types";

const people = {
  agents: [],
  members: [],
  agentName: () => "Bob",
  userName: () => "Board user",
  authorName: (agentId: string | null, userId: string | null, fallback: string) => (agentId ? "Bob" : userId ? "Board user" : fallback),
  assigneeName: () => null,
} satisfies People;

const ME = "00000000-0000-4000-8000-000000000001";

function interaction(overrides: Partial<Interaction>): Interaction {
  return {
    id: "10000000-0000-4000-8000-000000000000",
    companyId: "c",
    issueId: "i",
    kind: "suggest_tasks",
    status: "pending",
    continuationPolicy: "wake_assignee",
    resolverPolicy: "board_only",
    addresseeAgentId: null,
    addresseeUserId: null,
    idempotencyKey: null,
    sourceCommentId: null,
    sourceRunId: null,
    title: null,
    summary: null,
    payload: {},
    result: null,
    createdByAgentId: "agent-alice",
    createdByUserId: null,
    resolvedByAgentId: null,
    resolvedByUserId: null,
    resolvedAt: null,
    createdAt: "2026-12-04T10:00:00.000Z",
    updatedAt: "2026-12-04T10:00:00.000Z",
    ...overrides,
  };
}

const TASKS = {
  version: 1,
  tasks: [
    { clientKey: "api", title: "Build the API", description: "Uses **tokens**", priority: "high", assigneeAgentId: "agent-bob" },
    { clientKey: "tests", parentClientKey: "api", title: "Test the API" },
    { clientKey: "docs", title: "Write the docs", hiddenInPreview: true },
  ],
};

/** The server render of one card, with the signed-in board user known; React's comment markers are dropped. */
async function render(card: Interaction, canAct = true) {
  const client = new QueryClient();
  client.setQueryData(meKeys.detail(), { type: "board", userId: ME });
  const element = createElement(
    QueryClientProvider,
    { client },
    createElement(InteractionCard, { interaction: card, issueId: "ENG-1", documents: [], people, canAct }),
  );
  const { prelude } = await prerenderToNodeStream(element);
  let html = "";
  for await (const chunk of prelude) html += String(chunk);
  return html.replace(/<!--.*?-->/g, "");
}

describe("interaction cards for the new kinds", () => {
  it("pending suggest_tasks: a checkbox per task, markdown descriptions, Accept selected with the count, Reject; hidden ones folded", async () => {
    const html = await render(interaction({ payload: TASKS }));
    expect(html).toContain("Suggested tasks");
    expect(html.match(/type="checkbox"/g)).toHaveLength(3);
    expect(html).toContain("<strong>tokens</strong>");
    expect(html).toContain("Accept selected (3)");
    expect(html).toContain("Reject");
    expect(html).toContain("1 more suggested task");
    expect(html).toContain("→ Bob");
    // Alice (an agent) asked, so the board user sees no Withdraw.
    expect(html).not.toContain("Withdraw");
  });

  it("accepted suggest_tasks links each created issue and says which were left out", async () => {
    const html = await render(
      interaction({
        payload: TASKS,
        status: "accepted",
        resolvedByUserId: ME,
        result: {
          version: 1,
          createdTasks: [{ clientKey: "docs", issueId: "x", identifier: "ENG-9", title: "Write the docs" }],
          skippedClientKeys: ["api", "tests"],
        },
      }),
    );
    expect(html).toContain('href="/issues/ENG-9"');
    expect(html.match(/Not created/g)).toHaveLength(2);
    expect(html).toContain("1 issue created, 2 left out.");
    expect(html).not.toContain("Accept selected");
  });

  it("checkbox confirmation: Accept stays disabled until the required boxes are ticked; the creator may withdraw", async () => {
    const html = await render(
      interaction({
        kind: "request_checkbox_confirmation",
        createdByAgentId: null,
        createdByUserId: ME,
        payload: {
          version: 1,
          prompt: "Before **migrating**:",
          options: [
            { id: "backup", label: "A backup exists", required: true },
            { id: "notify", label: "Notify support", description: "Post in _#support_" },
          ],
          defaultSelectedOptionIds: ["notify"],
        },
      }),
    );
    expect(html).toContain("<strong>migrating</strong>");
    expect(html).toContain("<em>#support</em>");
    expect(html).toContain("(required)");
    expect(html).toContain("Tick “A backup exists” to accept.");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Accept<\/button>/);
    expect(html).toContain("Withdraw");
  });

  it("a withdrawn card says so and offers no controls", async () => {
    const html = await render(
      interaction({
        kind: "request_checkbox_confirmation",
        status: "cancelled",
        payload: { version: 1, prompt: "Go?", options: [{ id: "a", label: "A" }] },
        result: { version: 1, outcome: "withdrawn", reason: "Not needed" },
        resolvedByAgentId: "agent-alice",
        resolvedAt: "2026-12-04T11:00:00.000Z",
      }),
    );
    expect(html).toContain("Withdrawn");
    expect(html).toContain("Not needed");
    expect(html).not.toContain(">Accept<");
    expect(html).toMatch(/type="checkbox"[^>]*disabled=""/);
  });
});
