import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LastRun, RoutineSchedule, Until, formatUntil, nextRunAt } from "@/components/routines/labels";
import { readTrigger, scheduleProblem, upcomingSlots } from "@/components/routines/trigger-fields";
import { routinesForWorkspace, usesWorkspaceVariables } from "@/components/routines/workspace-routines";
import { RenderTimeProvider } from "@/components/ui/clock";
import { type Routine, type RoutineRun, type RoutineTrigger, routineListPath, routineStatusFilter } from "@/lib/queries/routines";

const NOW = Date.parse("2026-12-04T10:00:00Z");

function trigger(overrides: Partial<RoutineTrigger>): RoutineTrigger {
  return {
    id: "t1",
    routineId: "r1",
    kind: "schedule",
    label: null,
    enabled: true,
    cronExpression: "0 9 * * 1-5",
    timezone: "Europe/Berlin",
    nextRunAt: "2026-12-04T10:05:00Z",
    lastFiredAt: null,
    publicId: null,
    webhookUrl: null,
    signingMode: null,
    replayWindowSec: null,
    lastRotatedAt: null,
    lastResult: null,
    createdAt: "2026-12-01T00:00:00Z",
    updatedAt: "2026-12-01T00:00:00Z",
    ...overrides,
  };
}

function routine(overrides: Partial<Routine>): Routine {
  return {
    id: "r1",
    companyId: "c1",
    projectId: "p1",
    goalId: null,
    parentIssueId: null,
    executionWorkspaceId: null,
    title: "Routine",
    description: null,
    assigneeAgentId: null,
    priority: "medium",
    status: "active",
    concurrencyPolicy: "skip_if_active",
    catchUpPolicy: "skip_missed",
    variables: [],
    createdByAgentId: null,
    createdByUserId: null,
    lastTriggeredAt: null,
    lastEnqueuedAt: null,
    createdAt: "2026-12-01T00:00:00Z",
    updatedAt: "2026-12-01T00:00:00Z",
    triggers: [],
    lastRun: null,
    activeIssue: null,
    ...overrides,
  };
}

/** What the server writes (and hydration writes again) inside the board layout's render-time provider. */
const html = (element: React.ReactElement) => renderToStaticMarkup(createElement(RenderTimeProvider, { at: NOW, children: element }));

describe("routine labels", () => {
  it("says a schedule in words with its time zone, leaves disabled ones out, and names routines nothing fires by itself", () => {
    const schedules = html(createElement(RoutineSchedule, { triggers: [trigger({}), trigger({ id: "t2", enabled: false, cronExpression: "* * * * *" })] }));
    expect(schedules).toContain("At 09:00 on Monday–Friday (Europe/Berlin)");
    expect(schedules).not.toContain("Every minute");
    expect(html(createElement(RoutineSchedule, { triggers: [] }))).toContain("Manual only");
    expect(html(createElement(RoutineSchedule, { triggers: [trigger({ kind: "webhook", cronExpression: null })] }))).toContain("On webhook");
  });

  it("writes the next run relative to the render time with the exact UTC time on hover, so hydration matches", () => {
    const markup = html(createElement(Until, { value: "2026-12-04T10:05:00Z" }));
    expect(markup).toContain(">in 5 min</time>");
    expect(markup).toContain('title="Dec 4, 2026, 10:05 AM UTC"');
    expect(html(createElement(Until, { value: null }))).toContain("—");
  });

  it("counts down in minutes, hours and days, and says overdue once a slot passed unfired", () => {
    expect(formatUntil("2026-12-04T10:00:30Z", NOW)).toBe("now");
    expect(formatUntil("2026-12-04T10:59:00Z", NOW)).toBe("in 59 min");
    expect(formatUntil("2026-12-04T13:00:00Z", NOW)).toBe("in 3 h");
    expect(formatUntil("2026-12-06T10:00:00Z", NOW)).toBe("in 2 d");
    expect(formatUntil("2026-12-04T09:50:00Z", NOW)).toBe("overdue");
  });

  it("picks the earliest next run among enabled triggers", () => {
    const triggers = [
      trigger({ id: "a", nextRunAt: "2026-12-05T09:00:00Z" }),
      trigger({ id: "b", nextRunAt: "2026-12-04T11:00:00Z" }),
      trigger({ id: "c", nextRunAt: "2026-12-04T10:01:00Z", enabled: false }),
    ];
    expect(nextRunAt(triggers)).toBe("2026-12-04T11:00:00Z");
    expect(nextRunAt([])).toBeNull();
  });

  it("shows the last run's status with a link to its issue by identifier", () => {
    const run = { status: "issue_created", linkedIssue: { id: "i1", identifier: "ENG-7", title: "Daily check", status: "todo" } } as RoutineRun;
    const markup = html(createElement(LastRun, { run }));
    expect(markup).toContain('data-status="issue_created"');
    expect(markup).toContain('href="/issues/ENG-7"');
    expect(html(createElement(LastRun, { run: null }))).toContain("Never run");
  });
});

describe("schedule fields", () => {
  it("lists the next fire times of a schedule in its time zone, across a DST change", () => {
    // Berlin leaves summer time on 2026-10-25: 09:00 local is 07:00 UTC before, 08:00 UTC after.
    const slots = upcomingSlots("0 9 * * *", "Europe/Berlin", 3, new Date("2026-10-24T12:00:00Z"));
    expect(Array.isArray(slots) && slots.map((slot) => slot.toISOString())).toEqual([
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
      "2026-10-27T08:00:00.000Z",
    ]);
    expect(upcomingSlots("0 9 * * *", "Mars/Olympus", 3)).toMatch(/not a time zone/);
    expect(upcomingSlots("61 * * * *", "UTC", 3)).toMatch(/minute 61 is out of range/);
  });

  it("reads a schedule or webhook trigger from the form, refusing a bad cron or replay window before the request", () => {
    const form = (entries: Record<string, string>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(entries)) data.set(name, value);
      return data;
    };
    expect(readTrigger(form({ cronExpression: " 0 * * * * ", timezone: "Asia/Tokyo" }), "schedule")).toEqual({
      body: { kind: "schedule", cronExpression: "0 * * * *", timezone: "Asia/Tokyo" },
      errors: { cronExpression: false },
    });
    expect(readTrigger(form({ cronExpression: "", timezone: "UTC" }), "schedule").errors.cronExpression).toBe("Enter a cron expression");
    expect(scheduleProblem("* * *")).toMatch(/5 fields|five fields|fields/);
    expect(readTrigger(form({ signingMode: "github_hmac", replayWindowSec: "600" }), "webhook").body).toEqual({
      kind: "webhook",
      signingMode: "github_hmac",
      replayWindowSec: 600,
    });
    expect(readTrigger(form({ signingMode: "bearer", replayWindowSec: "5" }), "webhook").errors.replayWindowSec).toMatch(/30 to 86400/);
    expect(readTrigger(form({}), "none")).toEqual({ body: null, errors: {} });
  });
});

describe("the workspace's Routines tab", () => {
  const workspace = { id: "w1", projectId: "p1" };

  it("spots templates that read the workspace, with or without spaces inside the braces", () => {
    expect(usesWorkspaceVariables({ title: "Check {{ workspace.branch }}", description: null })).toBe(true);
    expect(usesWorkspaceVariables({ title: "Daily", description: "Run in {{workspace.path}}" })).toBe(true);
    expect(usesWorkspaceVariables({ title: "Daily {{date}}", description: "workspace.name" })).toBe(false);
  });

  it("lists routines bound to the workspace, and unbound ones of its project that use workspace variables — nothing else", () => {
    const rows = [
      routine({ id: "bound", executionWorkspaceId: "w1", projectId: null, title: "Bound {{date}}" }),
      routine({ id: "project", title: "On {{workspace.name}}" }),
      routine({ id: "plain", title: "No workspace words" }),
      routine({ id: "other-project", projectId: "p2", title: "On {{workspace.name}}" }),
      routine({ id: "other-workspace", executionWorkspaceId: "w2", title: "On {{workspace.name}}" }),
      routine({ id: "archived", status: "archived", executionWorkspaceId: "w1" }),
    ];
    expect(routinesForWorkspace(rows, workspace).map((row) => row.id)).toEqual(["bound", "project"]);
  });
});

describe("routine list queries", () => {
  it("puts only the set filters in the URL, and reads the page's status parameter", () => {
    expect(routineListPath("c1")).toBe("/api/companies/c1/routines");
    expect(routineListPath("c1", { status: "paused", projectId: undefined })).toBe("/api/companies/c1/routines?status=paused");
    expect(routineStatusFilter("active")).toEqual({ status: "active" });
    expect(routineStatusFilter("archived")).toEqual({});
    expect(routineStatusFilter(undefined)).toEqual({});
  });
});
