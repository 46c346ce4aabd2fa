import { z } from "zod";
import { jsonObject, uuid } from "./common";
import { ISSUE_PRIORITIES } from "./values";

export const ROUTINE_STATUSES = ["active", "paused", "archived"] as const;
export const CONCURRENCY_POLICIES = ["skip_if_active", "coalesce_if_active", "always_enqueue"] as const;
export const CATCH_UP_POLICIES = ["skip_missed", "enqueue_missed_with_cap"] as const;
export const TRIGGER_KINDS = ["schedule", "webhook", "api"] as const;
/** hmac_sha256: X-Switchboard-/X-Paperclip-Signature over "<timestamp>.<body>"; github_hmac: X-Hub-Signature-256 over the body; bearer: the secret itself. */
export const SIGNING_MODES = ["hmac_sha256", "github_hmac", "bearer"] as const;
export const RUN_SOURCES = ["schedule", "webhook", "manual", "api"] as const;
export const RUN_STATUSES = ["received", "issue_created", "skipped", "coalesced", "failed"] as const;
export const VARIABLE_TYPES = ["text", "number", "boolean", "select"] as const;

export type RoutineStatus = (typeof ROUTINE_STATUSES)[number];
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];
export type RunSource = (typeof RUN_SOURCES)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type SigningMode = (typeof SIGNING_MODES)[number];

const variableName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: "Letters, digits and _ only, starting with a letter or _ (at most 64)" });
const scalar = z.union([z.string().max(10_000), z.number(), z.boolean()]);

export const routineVariable = z
  .strictObject({
    name: variableName.describe("Used as {{name}} in the title and description"),
    label: z.string().trim().max(200).nullable().optional(),
    type: z.enum(VARIABLE_TYPES).default("text"),
    defaultValue: scalar.nullable().optional().describe("Used when a run does not give the variable"),
    required: z.boolean().default(true).describe("A run without a value (and no default) is refused with 422 naming it"),
    options: z.array(z.string().max(200)).max(100).optional().describe("The allowed values of a select"),
  })
  .refine((variable) => variable.type !== "select" || (variable.options?.length ?? 0) > 0, { error: "A select needs options", path: ["options"] });
export type RoutineVariable = z.output<typeof routineVariable>;

export const routineVariables = z
  .array(routineVariable)
  .max(50)
  .refine((list) => new Set(list.map((variable) => variable.name)).size === list.length, { error: "Variable names must be unique" })
  .describe("Declared variables, filled from a run's payload or their defaults");

const routineFields = {
  title: z
    .string()
    .trim()
    .min(1, { error: "A routine needs a title" })
    .max(500)
    .describe("Issue title template: {{date}}, {{routine.title}}, {{workspace.name}}, {{yourVariable}}…"),
  description: z.string().max(200_000).nullable().optional().describe("Issue description template, same variables as the title"),
  assigneeAgentId: uuid.nullable().optional().describe("The agent each created issue is assigned to (and woken)"),
  projectId: uuid.nullable().optional(),
  goalId: uuid.nullable().optional(),
  parentIssueId: uuid.nullable().optional().describe("Created issues become children of this issue"),
  executionWorkspaceId: uuid.nullable().optional().describe("A workspace routine: its issues run in this execution workspace"),
  priority: z.enum(ISSUE_PRIORITIES).optional(),
  status: z.enum(ROUTINE_STATUSES).optional().describe("paused and archived routines do not fire"),
  concurrencyPolicy: z.enum(CONCURRENCY_POLICIES).optional().describe("What a fire does while the last run's issue is still open"),
  catchUpPolicy: z.enum(CATCH_UP_POLICIES).optional().describe("What the scheduler does with slots missed while the server was down"),
  variables: routineVariables.optional(),
};

export const createRoutineBody = z.strictObject(routineFields);
export const updateRoutineBody = z.strictObject({ ...routineFields, title: routineFields.title.optional() });
export type CreateRoutineInput = z.output<typeof createRoutineBody>;
export type UpdateRoutineInput = z.output<typeof updateRoutineBody>;

export const listRoutinesQuery = z.strictObject({
  status: z.enum(ROUTINE_STATUSES).optional(),
  projectId: uuid.optional(),
  executionWorkspaceId: uuid.optional(),
  assigneeAgentId: uuid.optional(),
});
export type ListRoutinesQuery = z.output<typeof listRoutinesQuery>;

export const runRoutineBody = z.strictObject({
  variables: jsonObject.optional().describe("Values of the routine's variables"),
  payload: jsonObject.optional().describe("Recorded as the run's payload; its keys (and payload.variables) fill variables too"),
  executionWorkspaceId: uuid.nullable().optional().describe("Run against this execution workspace (its name, branch and path fill {{workspace.*}})"),
  idempotencyKey: z.string().trim().min(1).max(255).nullable().optional().describe("With the same key, a retry returns the first run"),
  source: z.enum(["manual", "api"]).optional().describe("api: a call from another system; manual (default): a person's or agent's run now"),
});
export type RunRoutineInput = z.output<typeof runRoutineBody>;

export const listRunsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).optional() });

const label = z.string().trim().max(200).nullable().optional();
export const replayWindowSec = z.int().min(30).max(86_400).describe("How old (or far ahead) a signed timestamp may be, in seconds; default 300");

export const createTriggerBody = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("schedule"),
    cronExpression: z.string().trim().min(1).max(200).describe('5-field cron, e.g. "0 9 * * 1-5"'),
    timezone: z.string().trim().min(1).max(100).optional().describe("IANA time zone the cron is read in; default UTC"),
    label,
    enabled: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal("webhook"),
    signingMode: z.enum(SIGNING_MODES).optional(),
    replayWindowSec: replayWindowSec.optional(),
    label,
    enabled: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal("api"), label, enabled: z.boolean().optional() }),
]);
export type CreateTriggerInput = z.output<typeof createTriggerBody>;

export const updateTriggerBody = z.strictObject({
  label,
  enabled: z.boolean().optional(),
  cronExpression: z.string().trim().min(1).max(200).optional().describe("Schedule triggers only"),
  timezone: z.string().trim().min(1).max(100).optional().describe("Schedule triggers only"),
  signingMode: z.enum(SIGNING_MODES).optional().describe("Webhook triggers only"),
  replayWindowSec: replayWindowSec.optional().describe("Webhook triggers only"),
});
export type UpdateTriggerInput = z.output<typeof updateTriggerBody>;

export const triggerParams = z.strictObject({ id: uuid.describe("Routine trigger id") });
export const publicTriggerParams = z.strictObject({ publicId: z.string().min(1).max(100).describe("The webhook trigger's public id") });
/** A webhook's body is the sender's own JSON: any object, recorded as the run's payload. */
export const webhookBody = jsonObject.optional();
