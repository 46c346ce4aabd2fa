import { describe, expect, it } from "vitest";
import { transitionFields } from "./transition";

const now = new Date("2026-11-21T10:00:00Z");
const earlier = new Date("2026-11-20T10:00:00Z");
const fresh = { status: "todo", startedAt: null, completedAt: null, cancelledAt: null };

describe("transitionFields", () => {
  it("stamps startedAt only the first time work starts", () => {
    expect(transitionFields(fresh, "in_progress", now)).toEqual({ status: "in_progress", startedAt: now });
    expect(transitionFields({ ...fresh, startedAt: earlier }, "in_progress", now)).toEqual({ status: "in_progress" });
  });

  it("stamps completedAt and cancelledAt, and clears them on reopen", () => {
    expect(transitionFields(fresh, "done", now)).toMatchObject({ completedAt: now });
    expect(transitionFields(fresh, "cancelled", now)).toMatchObject({ cancelledAt: now });
    expect(transitionFields({ ...fresh, status: "done", completedAt: earlier }, "todo", now)).toEqual({ status: "todo", completedAt: null });
    expect(transitionFields({ ...fresh, status: "cancelled", cancelledAt: earlier }, "done", now)).toEqual({
      status: "done",
      completedAt: now,
      cancelledAt: null,
    });
  });

  it("releases the checkout and execution locks when work stops", () => {
    for (const to of ["todo", "in_review", "done", "blocked", "cancelled", "backlog"] as const) {
      expect(transitionFields({ ...fresh, status: "in_progress", startedAt: earlier }, to, now)).toMatchObject({ checkoutRunId: null, executionRunId: null });
    }
    expect(transitionFields({ ...fresh, status: "in_progress", startedAt: earlier }, "in_progress", now)).not.toHaveProperty("checkoutRunId");
    expect(transitionFields(fresh, "done", now)).not.toHaveProperty("checkoutRunId");
  });
});
