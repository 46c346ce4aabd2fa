import { createElement } from "react";
import { prerenderToNodeStream } from "react-dom/static";
import { describe, expect, it } from "vitest";
import { ApprovalPayload } from "@/components/approvals/approval-payload";
import type { People } from "@/components/issues/people";
import type { Approval } from "@/lib/queries/types";

const names: Record<string, string> = { "agent-cto": "Grace (CTO)", "agent-new": "Ada" };
const people = {
  agents: [],
  members: [],
  agentName: (id: string) => names[id] ?? "Agent",
  userName: () => "Board user",
  authorName: (agentId: string | null, _userId: string | null, fallback: string) => (agentId ? (names[agentId] ?? "Agent") : fallback),
  assigneeName: () => null,
} satisfies People;

/** The page's server render, which waits for the lazily loaded markdown parser; React's comment markers are dropped. */
async function render(type: string, payload: Record<string, unknown>) {
  const { prelude } = await prerenderToNodeStream(createElement(ApprovalPayload, { approval: { type, payload } as unknown as Approval, people }));
  let html = "";
  for await (const chunk of prelude) html += String(chunk);
  return html.replace(/<!--.*?-->/g, "");
}

describe("ApprovalPayload", () => {
  it("shows a hire as readable fields: names, budget, skills and nested settings, never JSON", async () => {
    const html = await render("hire_agent", {
      agentId: "agent-new",
      name: "Ada",
      role: "engineer",
      title: "Backend engineer",
      icon: null,
      reportsTo: "agent-cto",
      capabilities: "Writes **Go** services",
      adapterType: "claude_local",
      adapterConfig: { model: "sonnet", env: { LOG_LEVEL: "debug" }, args: ["--verbose"] },
      runtimeConfig: {},
      budgetMonthlyCents: 12_500,
      metadata: null,
      desiredSkills: ["go", "postgres"],
      instructionFiles: ["AGENTS.md"],
      requestedByAgentId: "agent-cto",
      sourceIssueIds: ["issue-1"],
    });
    expect(html).not.toMatch(/[{}]|&quot;\w+&quot;:/);
    expect(html).toContain('href="/agents/agent-new"');
    expect(html).toContain("Backend engineer · Engineer");
    expect(html).toContain("Grace (CTO)");
    expect(html).toContain("<strong>Go</strong>");
    expect(html).toContain("$125.00");
    expect(html).toContain("postgres");
    expect(html).toContain("AGENTS.md");
    // Settings the layout does not name still show, as labelled nested fields.
    expect(html).toContain("Adapter config");
    expect(html).toContain("sonnet");
    expect(html).toContain("LOG_LEVEL");
    expect(html).toContain("--verbose");
  });

  it("renders a board request's text as markdown with its other fields readable", async () => {
    const html = await render("request_board_approval", {
      title: "Approve Redis hosting",
      summary: "We need **Redis** for the limiter.",
      risks: ["Cost: `$40/month`"],
      vendor: "Upstash",
    });
    expect(html).toContain("<strong>Redis</strong>");
    expect(html).toContain("<code");
    expect(html).toContain("Other details");
    expect(html).toContain("Upstash");
    expect(html).not.toContain("Approve Redis hosting");
  });
});
