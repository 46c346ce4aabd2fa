import { z } from "zod";
import { booleanFlag, jsonObject, nonEmptyText, uuid } from "./common";
import { ENVIRONMENT_RULES, RULE_LABELS, type EnvironmentRule } from "./values";

export const ENVIRONMENT_DRIVERS = ["local"] as const;
export const ENVIRONMENT_STATUSES = ["active", "archived"] as const;
export { ENVIRONMENT_RULES, RULE_LABELS, type EnvironmentRule };

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const absolutePath = z
  .string()
  .trim()
  .max(1_000)
  .refine((value) => value.startsWith("/"), { error: "Must be an absolute path" });

/** Paperclip's env bindings: a plain string or {type: "plain", value}; secret references need a secret store we don't run. */
const envBinding = z
  .union([z.string().max(8_192), z.strictObject({ type: z.literal("plain"), value: z.string().max(8_192) })])
  .transform((binding) => (typeof binding === "string" ? binding : binding.value));

const envVars = z
  .record(
    z
      .string()
      .regex(ENV_KEY, { error: "Names are letters, digits and _, not starting with a digit" })
      .refine((key) => !key.startsWith("PAPERCLIP_"), { error: "PAPERCLIP_* variables are set by Switchboard" }),
    envBinding,
  )
  .refine((vars) => Object.keys(vars).length <= 200, { error: "At most 200 variables" });

const localConfig = z.strictObject({
  allowedRoot: absolutePath.nullable().optional().describe("Working directories of runs and workspace commands must be inside this folder"),
  pathPrefix: z
    .string()
    .trim()
    .max(4_000)
    .refine((value) => value === "" || value.split(":").every((entry) => entry.startsWith("/")), { error: "Absolute folders separated by ':'" })
    .nullable()
    .optional()
    .describe("Prepended to PATH"),
});

const environmentEditable = z.strictObject({
  name: nonEmptyText.max(120).optional(),
  description: z.string().max(2_000).nullable().optional(),
  driver: z.enum(ENVIRONMENT_DRIVERS, { error: "Only local environments (this host) are available on this instance" }).optional(),
  status: z.enum(ENVIRONMENT_STATUSES).optional(),
  config: localConfig.optional(),
  envVars: envVars.optional(),
  metadata: jsonObject.nullable().optional(),
});

export const createEnvironmentBody = environmentEditable.extend({
  name: nonEmptyText.max(120),
  driver: z.enum(ENVIRONMENT_DRIVERS, { error: "Only local environments (this host) are available on this instance" }),
});
export const updateEnvironmentBody = environmentEditable;
export const listEnvironmentsQuery = z.strictObject({ includeArchived: booleanFlag.optional() });
export const environmentParams = z.strictObject({ id: uuid.describe("Environment id") });

export type CreateEnvironmentInput = z.output<typeof createEnvironmentBody>;
export type UpdateEnvironmentInput = z.output<typeof updateEnvironmentBody>;
export type LocalEnvironmentConfig = z.output<typeof localConfig>;

/** An environment as a conflict names it; null is the instance default. */
export type NamedEnvironment = { id: string; name: string } | null;

/** A workspace that would be reused in another environment than the run's, as recorded on the run, workspace and issue. */
export type EnvironmentConflict = {
  workspaceId: string;
  workspaceName: string;
  workspaceEnvironment: NamedEnvironment;
  intendedEnvironment: NamedEnvironment;
  rule: EnvironmentRule;
  runId: string | null;
  issueId: string;
  identifier: string;
  detectedAt: string;
};
