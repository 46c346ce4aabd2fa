import { describe, expect, it } from "vitest";
import * as issueActivityRoute from "@/app/api/issues/[id]/activity/route";
import { callRoute, seedUser } from "./support/fixtures";
import { createIssue, getIssue, issueWorld, patchIssue } from "./support/issues";

type Activity = { action: string; details: Record<string, unknown> };
const updates = async (id: string, token: string) =>
  ((await callRoute(issueActivityRoute.GET, "GET", "", { token, params: { id } })).json as Activity[]).filter((entry) => entry.action === "issue.updated");

describe("PATCH /api/issues/:id — title and description revisions in activity", () => {
  it("records the previous and new title and description, and keeps the edited fields list", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Rate limits", description: "First **draft**" })).json;

    expect((await patchIssue(issue.id, board.token, { title: "Rate limit the API", description: "- [ ] token bucket" })).status).toBe(200);
    expect((await patchIssue(issue.id, board.token, { description: null })).status).toBe(200);

    const entries = await updates(issue.id, board.token);
    expect(entries).toHaveLength(2);
    const byTitle = entries.find((entry) => entry.details.title !== undefined)!;
    expect(byTitle.details).toMatchObject({
      identifier: issue.identifier,
      fields: ["title", "description"],
      title: { from: "Rate limits", to: "Rate limit the API" },
      description: { from: "First **draft**", to: "- [ ] token bucket" },
    });
    const byClear = entries.find((entry) => entry.details.title === undefined)!;
    expect(byClear.details).toMatchObject({ fields: ["description"], description: { from: "- [ ] token bucket", to: null } });
    expect((await getIssue(issue.id, board.token)).json).toMatchObject({ title: "Rate limit the API", description: null });
  });

  it("a PATCH that repeats the current title records no revision for it", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Same", description: "Body" })).json;
    expect((await patchIssue(issue.id, board.token, { title: "Same", priority: "high" })).status).toBe(200);
    const [entry] = await updates(issue.id, board.token);
    expect(entry.details.title).toBeUndefined();
    expect(entry.details.description).toBeUndefined();
  });

  it("a viewer cannot rename the issue and no revision is recorded", async () => {
    const { company, board } = await issueWorld();
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    const issue = (await createIssue(company.id, board.token, { title: "Locked" })).json;
    expect((await patchIssue(issue.id, viewer.token, { title: "Hijacked" })).status).toBe(403);
    expect(await updates(issue.id, board.token)).toEqual([]);
    expect((await getIssue(issue.id, board.token)).json.title).toBe("Locked");
  });
});
