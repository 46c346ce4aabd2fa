import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { CATCH_UP_CAP, startRoutineScheduler, tickRoutineSchedules } from "@/lib/routines/scheduler";
import { seedAgent, seedCompany } from "./support/fixtures";

// Every test's schedules are due in the past but never again soon (they match 1 January only, or the next slot is
// minutes away), so ticks in one test cannot pick up another test's triggers.
const NEW_YEAR = "* * 1 1 *";
const NEW_YEAR_FIRST_SLOT = new Date("2026-01-01T00:00:00.000Z");

async function dbNow(): Promise<Date> {
  const [{ now }] = await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return now;
}

type RoutineOptions = { status?: string; catchUpPolicy?: string; goalId?: string; enabled?: boolean; cron?: string; nextRunAt?: Date };

async function scheduledRoutine(companyId: string, agentId: string, options: RoutineOptions = {}) {
  const routine = await db.routine.create({
    data: {
      companyId,
      title: "Nightly sweep",
      assigneeAgentId: agentId,
      status: options.status ?? "active",
      concurrencyPolicy: "always_enqueue",
      catchUpPolicy: options.catchUpPolicy ?? "skip_missed",
      goalId: options.goalId,
    },
  });
  const trigger = await db.routineTrigger.create({
    data: {
      companyId,
      routineId: routine.id,
      kind: "schedule",
      enabled: options.enabled ?? true,
      cronExpression: options.cron ?? NEW_YEAR,
      timezone: "UTC",
      nextRunAt: options.nextRunAt ?? NEW_YEAR_FIRST_SLOT,
    },
  });
  return { routine, trigger };
}

async function world() {
  const company = await seedCompany();
  const { agent } = await seedAgent(company.id);
  return { company, agent };
}

const runsOf = (triggerId: string) => db.routineRun.findMany({ where: { triggerId }, orderBy: { scheduledFor: "asc" } });
const minutes = (from: Date, count: number) => Array.from({ length: count }, (_, index) => new Date(from.getTime() + index * 60_000).toISOString());

/** The latest 1 January 23:59 UTC at or before `now`. */
function latestNewYearSlot(now: Date): Date {
  const thisYear = new Date(Date.UTC(now.getUTCFullYear(), 0, 1, 23, 59));
  return thisYear <= now ? thisYear : new Date(Date.UTC(now.getUTCFullYear() - 1, 0, 1, 23, 59));
}

afterEach(() => {
  const globalForRoutines = globalThis as unknown as { switchboardRoutineScheduler?: NodeJS.Timeout };
  clearInterval(globalForRoutines.switchboardRoutineScheduler);
  delete globalForRoutines.switchboardRoutineScheduler;
});

describe("routine scheduler", () => {
  // Twenty-six issues go through the full create path: slow on a loaded machine, hence the longer limit.
  it("eight concurrent ticks fire each due slot once: up to 25 missed slots with catch-up, the latest alone without", async () => {
    const { company, agent } = await world();
    const catchUp = await scheduledRoutine(company.id, agent.id, { catchUpPolicy: "enqueue_missed_with_cap" });
    const skip = await scheduledRoutine(company.id, agent.id, { catchUpPolicy: "skip_missed" });

    const results = await Promise.all(Array.from({ length: 8 }, () => tickRoutineSchedules()));
    const now = await dbNow();

    // Each trigger was claimed by exactly one tick; the others skipped its locked or advanced row.
    expect(results.reduce((sum, result) => sum + result.claimed, 0)).toBe(2);
    expect(results.reduce((sum, result) => sum + result.fired, 0)).toBe(CATCH_UP_CAP + 1);

    const caughtUp = await runsOf(catchUp.trigger.id);
    expect(caughtUp.map((run) => run.scheduledFor?.toISOString())).toEqual(minutes(NEW_YEAR_FIRST_SLOT, CATCH_UP_CAP));
    const skipped = await runsOf(skip.trigger.id);
    expect(skipped.map((run) => run.scheduledFor?.toISOString())).toEqual([latestNewYearSlot(now).toISOString()]);

    for (const run of [...caughtUp, ...skipped]) {
      expect(run).toMatchObject({ source: "schedule", status: "issue_created" });
      expect(run.linkedIssueId).toEqual(expect.any(String));
    }
    // One issue per run, none without a run.
    const issueIds = new Set([...caughtUp, ...skipped].map((run) => run.linkedIssueId));
    expect(issueIds.size).toBe(CATCH_UP_CAP + 1);
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(CATCH_UP_CAP + 1);

    for (const trigger of [catchUp.trigger, skip.trigger]) {
      const after = await db.routineTrigger.findUniqueOrThrow({ where: { id: trigger.id } });
      expect(after.nextRunAt!.getTime()).toBeGreaterThan(now.getTime());
      expect(after.nextRunAt!.toISOString()).toMatch(/^\d{4}-01-01T00:00:00\.000Z$/);
      expect(after.lastFiredAt).not.toBeNull();
      expect(after.lastResult).toMatch(/^issue_created /);
    }

    // Nothing is due any more: further ticks claim nothing.
    expect(await tickRoutineSchedules()).toEqual({ claimed: 0, fired: 0 });
    expect(await db.routineRun.count({ where: { companyId: company.id } })).toBe(CATCH_UP_CAP + 1);
  }, 120_000);

  it("a paused or archived routine and a disabled trigger do not fire, and keep their slot until they may", async () => {
    const { company, agent } = await world();
    const paused = await scheduledRoutine(company.id, agent.id, { status: "paused" });
    const archived = await scheduledRoutine(company.id, agent.id, { status: "archived" });
    const disabled = await scheduledRoutine(company.id, agent.id, { enabled: false });

    expect(await tickRoutineSchedules()).toEqual({ claimed: 0, fired: 0 });
    for (const { trigger } of [paused, archived, disabled]) {
      expect(await runsOf(trigger.id)).toEqual([]);
      expect((await db.routineTrigger.findUniqueOrThrow({ where: { id: trigger.id } })).nextRunAt).toEqual(NEW_YEAR_FIRST_SLOT);
    }
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(0);

    // Resumed, the same trigger fires on the next tick.
    await db.routine.update({ where: { id: paused.routine.id }, data: { status: "active" } });
    expect(await tickRoutineSchedules()).toEqual({ claimed: 1, fired: 1 });
    expect(await runsOf(paused.trigger.id)).toHaveLength(1);
    expect(await runsOf(disabled.trigger.id)).toEqual([]);
  });

  it("a failing fire is recorded on its trigger and the tick goes on to the others", async () => {
    const { company, agent } = await world();
    const elsewhere = await seedCompany();
    const foreignGoal = await db.goal.create({ data: { companyId: elsewhere.id, title: "Not this company's" } });
    // Due first, so the failure comes before the healthy trigger in the same tick.
    const failing = await scheduledRoutine(company.id, agent.id, { goalId: foreignGoal.id, nextRunAt: new Date("2025-01-01T00:00:00.000Z") });
    const healthy = await scheduledRoutine(company.id, agent.id);

    const result = await tickRoutineSchedules();
    expect(result.claimed).toBe(2);

    const healthyRuns = await runsOf(healthy.trigger.id);
    expect(healthyRuns).toHaveLength(1);
    expect(healthyRuns[0]).toMatchObject({ status: "issue_created" });

    const failedTrigger = await db.routineTrigger.findUniqueOrThrow({ where: { id: failing.trigger.id } });
    expect(failedTrigger.lastResult).toBe("failed");
    expect(failedTrigger.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    // The failure left no issue behind, only the failed run saying why.
    const failedRuns = await runsOf(failing.trigger.id);
    expect(failedRuns).toHaveLength(1);
    expect(failedRuns[0]).toMatchObject({ status: "failed", linkedIssueId: null, failureReason: expect.stringContaining("goal") });
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(1);
  });

  it("a stored schedule that no longer parses stops with its reason instead of failing every tick", async () => {
    const { company, agent } = await world();
    const broken = await scheduledRoutine(company.id, agent.id, { cron: "0 0 30 2 *" });
    const healthy = await scheduledRoutine(company.id, agent.id);

    expect(await tickRoutineSchedules()).toEqual({ claimed: 2, fired: 1 });
    const stopped = await db.routineTrigger.findUniqueOrThrow({ where: { id: broken.trigger.id } });
    expect(stopped.nextRunAt).toBeNull();
    expect(stopped.lastResult).toMatch(/^failed: schedule stopped: cronExpression: /);
    expect(await runsOf(broken.trigger.id)).toEqual([]);
    expect(await runsOf(healthy.trigger.id)).toHaveLength(1);
    expect(await tickRoutineSchedules()).toEqual({ claimed: 0, fired: 0 });
  });

  it("an every-minute schedule backdated five minutes catches up each minute once under eight concurrent ticks", async () => {
    const { company, agent } = await world();
    const before = await dbNow();
    const firstSlot = new Date(Math.floor(before.getTime() / 60_000) * 60_000 - 5 * 60_000);
    const { trigger } = await scheduledRoutine(company.id, agent.id, { cron: "* * * * *", catchUpPolicy: "enqueue_missed_with_cap", nextRunAt: firstSlot });

    await Promise.all(Array.from({ length: 8 }, () => tickRoutineSchedules()));
    const after = await dbNow();

    // Six slots (five missed and the current minute's), or seven if a minute began while the ticks ran.
    const slots = (await runsOf(trigger.id)).map((run) => run.scheduledFor!.toISOString());
    const possible = [6, Math.floor((after.getTime() - firstSlot.getTime()) / 60_000) + 1];
    expect(possible).toContain(slots.length);
    expect(slots).toEqual(minutes(firstSlot, slots.length));
    const advanced = await db.routineTrigger.findUniqueOrThrow({ where: { id: trigger.id } });
    expect(advanced.nextRunAt!.getTime()).toBeGreaterThan(new Date(slots[slots.length - 1]).getTime());
    expect(advanced.nextRunAt!.getTime() % 60_000).toBe(0);
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(slots.length);
  });

  it("starts one loop per process however often it is started", () => {
    const globalForRoutines = globalThis as unknown as { switchboardRoutineScheduler?: NodeJS.Timeout };
    startRoutineScheduler();
    const first = globalForRoutines.switchboardRoutineScheduler;
    startRoutineScheduler();
    expect(first).toBeDefined();
    expect(globalForRoutines.switchboardRoutineScheduler).toBe(first);
    expect(first!.hasRef()).toBe(false);
  });
});
