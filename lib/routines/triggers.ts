import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db } from "../db/client";
import type { RoutineTrigger } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { NotFound, Unprocessable, type InvalidParam } from "../errors";
import type { CreateTriggerInput, UpdateTriggerInput } from "../schemas/routines";
import { isValidTimeZone, nextCronSlot, parseCron } from "./cron";
import { ROUTINE_MANAGE_ERRORS, databaseNow, findRoutine, recordRoutineChange, requireRoutineManager, stampedBy } from "./routines";

export const DEFAULT_REPLAY_WINDOW_SEC = 300;

export const TRIGGER_WRITE_ERRORS = [...ROUTINE_MANAGE_ERRORS, "invalid_cron", "invalid_field"] as const satisfies readonly ErrorCode[];

/** The URL's shared part: long and random enough that nobody finds a webhook by guessing. */
const newPublicId = () => randomBytes(18).toString("base64url");
/** 32 random bytes; stored as sent to the sender, since an HMAC needs the key itself. */
const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/** A schedule's cron and time zone, checked together; 422 naming cronExpression or timezone. */
function requireSchedule(cronExpression: string, timezone: string) {
  parseCron(cronExpression);
  if (!isValidTimeZone(timezone)) throw Unprocessable.field("timezone", `"${timezone}" is not an IANA time zone (e.g. UTC, Europe/Paris)`);
}

async function findTrigger(actor: Actor, triggerId: string) {
  const trigger = await db.routineTrigger.findFirst({ where: { id: triggerId, ...companyScope(actor) } });
  if (!trigger) throw new NotFound("Routine trigger");
  const routine = await findRoutine(actor, trigger.routineId);
  return { trigger, routine };
}

export async function listTriggers(actor: Actor, routineId: string) {
  const routine = await findRoutine(actor, routineId);
  return db.routineTrigger.findMany({ where: { routineId: routine.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Creates a trigger; a webhook's secret is in the answer this once and never again. */
export async function createTrigger(
  actor: Actor,
  runId: string | null,
  routineId: string,
  input: CreateTriggerInput,
): Promise<{ trigger: RoutineTrigger; secret: string | null }> {
  const routine = await findRoutine(actor, routineId);
  await requireRoutineManager(actor, routine.companyId, [routine.assigneeAgentId]);
  const timezone = input.kind === "schedule" ? (input.timezone ?? "UTC") : null;
  if (input.kind === "schedule") requireSchedule(input.cronExpression, timezone!);
  const secret = input.kind === "webhook" ? newSecret() : null;
  const enabled = input.enabled ?? true;
  return db.$transaction(async (tx) => {
    const trigger = await tx.routineTrigger.create({
      data: {
        companyId: routine.companyId,
        routineId: routine.id,
        kind: input.kind,
        label: input.label ?? null,
        enabled,
        ...(input.kind === "schedule"
          ? { cronExpression: input.cronExpression, timezone, nextRunAt: enabled ? nextCronSlot(input.cronExpression, timezone!, await databaseNow(tx)) : null }
          : {}),
        ...(input.kind === "webhook"
          ? {
              publicId: newPublicId(),
              signingSecret: secret,
              signingMode: input.signingMode ?? "hmac_sha256",
              replayWindowSec: input.replayWindowSec ?? DEFAULT_REPLAY_WINDOW_SEC,
            }
          : {}),
        ...stampedBy(actor, "created"),
      },
    });
    await recordRoutineChange(tx, actor, runId, routine, "routine.trigger_created", {
      triggerId: trigger.id,
      kind: trigger.kind,
      cronExpression: trigger.cronExpression,
      timezone: trigger.timezone,
    });
    return { trigger, secret };
  });
}

/** Fields that belong to another kind of trigger are named as 422 rather than silently kept. */
function fieldsOfOtherKinds(kind: string, input: UpdateTriggerInput): InvalidParam[] {
  const own: Record<string, readonly string[]> = { schedule: ["cronExpression", "timezone"], webhook: ["signingMode", "replayWindowSec"], api: [] };
  return ["cronExpression", "timezone", "signingMode", "replayWindowSec"]
    .filter((field) => input[field as keyof UpdateTriggerInput] !== undefined && !own[kind]?.includes(field))
    .map((field) => ({ name: field, reason: `Not a field of a ${kind} trigger` }));
}

/** A schedule's next slot follows its cron, zone and enabled flag; a disabled schedule has none. */
export async function updateTrigger(actor: Actor, runId: string | null, triggerId: string, input: UpdateTriggerInput) {
  const { trigger, routine } = await findTrigger(actor, triggerId);
  await requireRoutineManager(actor, routine.companyId, [routine.assigneeAgentId]);
  const misplaced = fieldsOfOtherKinds(trigger.kind, input);
  if (misplaced.length) throw Unprocessable.fields(misplaced);
  const cronExpression = input.cronExpression ?? trigger.cronExpression;
  const timezone = input.timezone ?? trigger.timezone ?? "UTC";
  const enabled = input.enabled ?? trigger.enabled;
  if (trigger.kind === "schedule" && cronExpression) requireSchedule(cronExpression, timezone);
  return db.$transaction(async (tx) => {
    const rescheduled = trigger.kind === "schedule" && (input.cronExpression !== undefined || input.timezone !== undefined || input.enabled !== undefined);
    const updated = await tx.routineTrigger.update({
      where: { id: trigger.id },
      data: {
        ...input,
        ...(rescheduled ? { nextRunAt: enabled && cronExpression ? nextCronSlot(cronExpression, timezone, await databaseNow(tx)) : null } : {}),
        ...stampedBy(actor, "updated"),
      },
    });
    await recordRoutineChange(tx, actor, runId, routine, "routine.trigger_updated", { triggerId: trigger.id, kind: trigger.kind, changed: Object.keys(input) });
    return updated;
  });
}

export async function deleteTrigger(actor: Actor, runId: string | null, triggerId: string) {
  const { trigger, routine } = await findTrigger(actor, triggerId);
  await requireRoutineManager(actor, routine.companyId, [routine.assigneeAgentId]);
  await db.$transaction(async (tx) => {
    const { count } = await tx.routineTrigger.deleteMany({ where: { id: trigger.id } });
    if (!count) throw new NotFound("Routine trigger");
    await recordRoutineChange(tx, actor, runId, routine, "routine.trigger_deleted", { triggerId: trigger.id, kind: trigger.kind });
  });
}

/** A new secret for a webhook; the old one stops working at once. */
export async function rotateTriggerSecret(actor: Actor, runId: string | null, triggerId: string): Promise<{ trigger: RoutineTrigger; secret: string }> {
  const { trigger, routine } = await findTrigger(actor, triggerId);
  await requireRoutineManager(actor, routine.companyId, [routine.assigneeAgentId]);
  if (trigger.kind !== "webhook") throw Unprocessable.field("kind", `A ${trigger.kind} trigger has no secret; only webhook triggers do`);
  const secret = newSecret();
  return db.$transaction(async (tx) => {
    const updated = await tx.routineTrigger.update({
      where: { id: trigger.id },
      data: {
        signingSecret: secret,
        lastRotatedAt: new Date(),
        ...stampedBy(actor, "updated"),
      },
    });
    await recordRoutineChange(tx, actor, runId, routine, "routine.trigger_secret_rotated", { triggerId: trigger.id });
    return { trigger: updated, secret };
  });
}
