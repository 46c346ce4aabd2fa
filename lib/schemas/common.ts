import { z } from "zod";

export const uuid = z.uuid({ error: "Must be a UUID" });
export const nonEmptyText = z.string().trim().min(1, { error: "Must not be empty" });
export const optionalText = z.string().nullable().optional();
export const jsonObject = z.record(z.string(), z.unknown());
/** Whether PostgreSQL can store or compare the time: it has no year 0, and JavaScript dates reach back before it. */
export const isStorableTime = (time: Date) => !Number.isNaN(time.getTime()) && time.getUTCFullYear() >= 1;
/** An ISO 8601 time with its offset, in year 1 or later (also when the offset moves year 1 back into year 0). */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((value) => isStorableTime(new Date(value)), { error: "Must be in year 1 or later" });
/** An amount in cents: its PostgreSQL `integer` column holds at most 2,147,483,647 (about $21 million). */
export const cents = z.int().min(0).max(2_147_483_647);

export const companyParams = z.strictObject({ companyId: uuid.describe("Company id") });
export const idParams = z.strictObject({ id: uuid.describe("Entity id") });

/** A comma-separated list of enum values in a query string (`?status=todo,done`): at least one, each known. */
export const csvOf = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .transform((raw) =>
      raw
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values as [T, ...T[]])).min(1));

/** Paperclip accepts `?includeInactive=true`-style flags; so do we. */
export const booleanFlag = z.enum(["true", "false"]).transform((value) => value === "true");

/** Actor context every mutation carries down into the domain for activity rows. */
export type RequestMeta = { runId: string | null };
