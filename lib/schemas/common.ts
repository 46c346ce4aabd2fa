import { z } from "zod";

export const uuid = z.uuid({ error: "Must be a UUID" });
export const nonEmptyText = z.string().trim().min(1, { error: "Must not be empty" });
export const optionalText = z.string().nullable().optional();
export const jsonObject = z.record(z.string(), z.unknown());

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
