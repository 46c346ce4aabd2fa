import { describe, expect, it } from "vitest";
import { commentsOldestFirst, threadEntries } from "./thread";
import type { ActivityEntry, IssueComment } from "./types";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

const comment = (second: number, id = `c${second}`): IssueComment => ({
  id,
  companyId: "co",
  issueId: "is",
  body: `comment ${second}`,
  authorAgentId: null,
  authorUserId: "u",
  runId: null,
  mentionedAgentIds: [],
  createdAt: at(second),
  updatedAt: at(second),
});

const event = (second: number, action: string, details: Record<string, unknown> = {}): ActivityEntry => ({
  id: `e${second}`,
  companyId: "co",
  actorType: "agent",
  actorId: "a",
  agentId: "a",
  runId: null,
  action,
  entityType: "issue",
  entityId: "is",
  details: details as ActivityEntry["details"],
  createdAt: at(second),
});

const none = { interactions: [], approvals: [], conflict: null };

describe("threadEntries", () => {
  it("reads the pages (newest first) back oldest first", () => {
    expect(
      commentsOldestFirst([
        [comment(4), comment(3)],
        [comment(2), comment(1)],
      ]).map((c) => c.id),
    ).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("folds consecutive events into one row between comments and leaves out comment activity", () => {
    const entries = threadEntries({
      comments: [comment(10), comment(20)],
      complete: true,
      activity: [
        event(1, "issue.created"),
        event(11, "issue.status_changed", { from: "todo", to: "in_progress" }),
        event(12, "issue.comment_added"),
        event(13, "issue.updated", { fields: ["assigneeAgentId"] }),
        event(30, "issue.status_changed", { from: "in_progress", to: "done" }),
      ],
      ...none,
    });
    expect(entries.map((entry) => (entry.type === "events" ? entry.events.map((e) => e.id).join("+") : entry.id))).toEqual([
      "e1",
      "c10",
      "e11+e13",
      "c20",
      "e30",
    ]);
    // A row keeps its key while later events join it, so its measured height is reused.
    expect(entries[2].id).toBe("events-e11");
    expect(entries[2].at).toBe(at(13));
  });

  it("hides events older than the oldest loaded comment until older comments are loaded", () => {
    const input = { comments: [comment(10), comment(20)], activity: [event(1, "issue.created"), event(15, "issue.released")], ...none };
    expect(threadEntries({ ...input, complete: false }).map((entry) => entry.id)).toEqual(["c10", "events-e15", "c20"]);
    expect(threadEntries({ ...input, complete: true }).map((entry) => entry.id)).toEqual(["events-e1", "c10", "events-e15", "c20"]);
  });

  it("builds a 5,000-comment thread in linear time", () => {
    const comments = Array.from({ length: 5_000 }, (_, index) => comment(index, `c${String(index).padStart(5, "0")}`));
    const activity = Array.from({ length: 300 }, (_, index) => event(index * 16 + 0.5, "issue.updated", { fields: ["priority"] }));
    const started = performance.now();
    for (let round = 0; round < 20; round += 1) threadEntries({ comments, complete: true, activity, ...none });
    const perBuild = (performance.now() - started) / 20;
    expect(threadEntries({ comments, complete: true, activity, ...none })).toHaveLength(5_300);
    expect(perBuild).toBeLessThan(50);
  });
});
