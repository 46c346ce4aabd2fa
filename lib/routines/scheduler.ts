import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { nextCronSlot } from "./cron";
import { fireRoutine } from "./fire";
import { publishRoutineEvent } from "./routines";

/** Triggers claimed per tick; the rest wait for the next tick. */
const CLAIM_LIMIT = 50;
/** enqueue_missed_with_cap fires at most this many missed slots per trigger and drops the rest. */
export const CATCH_UP_CAP = 25;
const DEFAULT_TICK_MS = 5_000;
const HOUR_MS = 3_600_000;

/** Schedule triggers of active routines whose next slot has come, in PostgreSQL's time: what a pass checks for and claims. */
const DUE_SCHEDULES = Prisma.sql`routine_triggers t JOIN routines r ON r.id = t.routine_id
   WHERE t.kind = 'schedule' AND t.enabled AND r.status = 'active' AND t.cron_expression IS NOT NULL AND t.next_run_at <= now()`;

type DueTrigger = {
  id: string;
  company_id: string;
  routine_id: string;
  cron_expression: string;
  timezone: string | null;
  next_run_at: Date;
  catch_up_policy: string;
  db_now: Date;
};

type Claim = { triggerId: string; companyId: string; routineId: string; slots: Date[] };

/** Slots after `first` up to `now`, oldest first, at most `cap` of them (first included). */
function slotsUpTo(expression: string, timeZone: string, first: Date, now: Date, cap: number): Date[] {
  const slots = [first];
  for (let slot = nextCronSlot(expression, timeZone, first); slot <= now && slots.length < cap; slot = nextCronSlot(expression, timeZone, slot)) {
    slots.push(slot);
  }
  return slots;
}

/** The latest slot at or before `now`; after a long outage the walk starts an hour or a day back, not at every missed slot. */
function latestSlot(expression: string, timeZone: string, first: Date, now: Date): Date {
  let latest = first;
  for (const windowMs of [HOUR_MS, 24 * HOUR_MS]) {
    const recent = nextCronSlot(expression, timeZone, new Date(Math.max(first.getTime(), now.getTime() - windowMs)));
    if (recent <= now) {
      latest = recent;
      break;
    }
  }
  for (let slot = nextCronSlot(expression, timeZone, latest); slot <= now; slot = nextCronSlot(expression, timeZone, slot)) latest = slot;
  return latest;
}

/**
 * Claims due schedule triggers in one short transaction, in PostgreSQL's time: rows locked with SKIP LOCKED, so two
 * instances never claim one trigger, and next_run_at moved past now before the lock goes, so no later tick claims the
 * same slots. A trigger whose stored schedule no longer parses stops (next_run_at cleared) with the reason recorded.
 */
async function claimDueSlots(): Promise<Claim[]> {
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<DueTrigger[]>`
      SELECT t.id, t.company_id, t.routine_id, t.cron_expression, t.timezone, t.next_run_at, r.catch_up_policy, now() AS db_now
        FROM ${DUE_SCHEDULES}
       ORDER BY t.next_run_at
       LIMIT ${CLAIM_LIMIT}
         FOR UPDATE OF t SKIP LOCKED`;
    const claims: Claim[] = [];
    for (const trigger of due) {
      const timeZone = trigger.timezone ?? "UTC";
      let slots: Date[];
      let nextRunAt: Date | null;
      let lastResult: string | undefined;
      try {
        slots =
          trigger.catch_up_policy === "enqueue_missed_with_cap"
            ? slotsUpTo(trigger.cron_expression, timeZone, trigger.next_run_at, trigger.db_now, CATCH_UP_CAP)
            : [latestSlot(trigger.cron_expression, timeZone, trigger.next_run_at, trigger.db_now)];
        nextRunAt = nextCronSlot(trigger.cron_expression, timeZone, trigger.db_now);
      } catch (error) {
        slots = [];
        nextRunAt = null;
        lastResult = `failed: schedule stopped: ${(error as Error).message}`;
      }
      await tx.routineTrigger.update({ where: { id: trigger.id }, data: { nextRunAt, ...(lastResult ? { lastResult } : {}) } });
      claims.push({ triggerId: trigger.id, companyId: trigger.company_id, routineId: trigger.routine_id, slots });
    }
    return claims;
  });
}

/**
 * One scheduler pass: claims due slots, then fires each (outside the claim, so issue creation never holds trigger
 * locks). fireRoutine records each outcome on the run and the trigger (a failure as a failed run), and the run's unique
 * (trigger, slot) makes a slot fire once even if it were claimed twice. A fire that throws anyway is logged and noted
 * on its trigger, and the pass goes on.
 */
export async function tickRoutineSchedules(): Promise<{ claimed: number; fired: number }> {
  // Most passes find nothing due: one indexed read, without holding a pooled transaction, decides that.
  const [due] = await db.$queryRaw<{ due: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM ${DUE_SCHEDULES}) AS due`;
  if (!due?.due) return { claimed: 0, fired: 0 };
  const claims = await claimDueSlots();
  let fired = 0;
  for (const claim of claims) {
    for (const slot of claim.slots) {
      try {
        const outcome = await fireRoutine(claim.routineId, { source: "schedule", triggerId: claim.triggerId, scheduledFor: slot, actor: null });
        if (outcome.created) fired += 1;
      } catch (error) {
        console.error(`[switchboard] routine ${claim.routineId} failed to fire for ${slot.toISOString()}`, error);
        await noteFailure(claim, error).catch((noteError) => console.error("[switchboard] recording a routine fire failure failed", noteError));
      }
    }
  }
  return { claimed: claims.length, fired };
}

async function noteFailure(claim: Claim, error: unknown) {
  await db.$transaction(async (tx) => {
    await tx.routineTrigger.update({ where: { id: claim.triggerId }, data: { lastResult: `failed: ${(error as Error).message}`.slice(0, 1000) } });
    await publishRoutineEvent(tx, { id: claim.routineId, companyId: claim.companyId }, "routine.updated");
  });
}

/**
 * The in-process loop started by instrumentation.ts, on every instance: a pass every SWITCHBOARD_ROUTINE_TICK_MS
 * (default 5 s), one at a time; failures are logged and the next pass tries again. SWITCHBOARD_ROUTINE_TICK_LOG=1
 * logs every pass, so an operator (or the two-instance e2e) can see an instance ticking.
 */
export function startRoutineScheduler() {
  const globalForRoutines = globalThis as unknown as { switchboardRoutineScheduler?: NodeJS.Timeout };
  if (globalForRoutines.switchboardRoutineScheduler) return;
  const configured = Number(process.env.SWITCHBOARD_ROUTINE_TICK_MS);
  const tickMs = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TICK_MS;
  const logTicks = process.env.SWITCHBOARD_ROUTINE_TICK_LOG === "1";
  let running = false;
  globalForRoutines.switchboardRoutineScheduler = setInterval(() => {
    if (running) return;
    running = true;
    tickRoutineSchedules()
      .then((result) => {
        if (logTicks) console.log(`[switchboard] routine tick: claimed ${result.claimed}, fired ${result.fired}`);
      })
      .catch((error) => console.error("[switchboard] routine scheduler tick failed", error))
      .finally(() => (running = false));
  }, tickMs);
  globalForRoutines.switchboardRoutineScheduler.unref();
}
