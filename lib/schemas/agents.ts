import { z } from "zod";
import { AGENT_MAX_CONCURRENT_RUNS } from "../heartbeats/limits";
import { INSTRUCTIONS_ENTRY_FILE } from "../skills/rules";
import { cents, jsonObject, nonEmptyText } from "./common";
import { MAX_INSTRUCTION_FILE_CHARS } from "./skills";
import { ADAPTER_TYPES, AGENT_ROLES, AGENT_STATUSES } from "./values";

export { ADAPTER_TYPES, AGENT_ROLES, AGENT_STATUSES };

const permissions = z.strictObject({
  canCreateAgents: z.boolean().optional(),
  canCreateIssues: z.boolean().optional(),
  canAssignTasks: z.boolean().optional().describe("May change or reassign issues other agents have checked out (managers up the chain of command may anyway)"),
});

// Paperclip's way of giving an agent its skills and instructions with the agent itself; each replaces the whole set,
// as POST /api/agents/:id/skills/sync and a full instructions bundle do.
const desiredSkills = z
  .array(
    z
      .union([
        z.string().trim().min(1).max(128),
        z.strictObject({
          key: z.string().trim().min(1).max(128),
          versionId: z.uuid().nullable().optional().describe("Accepted; skills are not versioned here"),
        }),
      ])
      .transform((ref) => (typeof ref === "string" ? ref : ref.key)),
  )
  .max(100)
  .describe("The agent's whole set of chosen skills, by key or id (or {key, versionId}); bundled skill names are accepted and always delivered");
const instructionsBundle = z
  .strictObject({
    entryFile: z.literal(INSTRUCTIONS_ENTRY_FILE).optional().describe("Always AGENTS.md"),
    files: z.record(z.string().max(512), z.string().max(MAX_INSTRUCTION_FILE_CHARS)).describe("Relative .md path to content; replaces every stored file"),
  })
  .describe("The agent's whole managed instructions bundle");

// Runtime settings stay a free object, but the scheduler's claim enforces the run cap, so that one key is checked.
const runtimeConfig = z
  .looseObject({
    heartbeat: z
      .looseObject({
        maxConcurrentRuns: z
          .int()
          .min(AGENT_MAX_CONCURRENT_RUNS.min)
          .max(AGENT_MAX_CONCURRENT_RUNS.max)
          .optional()
          .describe(`Runs of this agent at once across all instances, each on its own issue (default ${AGENT_MAX_CONCURRENT_RUNS.default})`),
      })
      // null, which the free-form object always took, means no heartbeat settings, as if absent.
      .nullable()
      .optional(),
  })
  .describe("Runtime settings (free-form; heartbeat.maxConcurrentRuns is checked)");

// Everything a create or update may set; adapter fields carry commands, so only board owners may set them.
const agentEditable = z.strictObject({
  name: nonEmptyText.max(120).optional(),
  role: z.enum(AGENT_ROLES).optional(),
  title: z.string().max(200).nullable().optional(),
  icon: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/, { error: "An icon name such as bot or code" })
    .nullable()
    .optional(),
  reportsTo: z.uuid().nullable().optional().describe("Manager agent id, same company"),
  capabilities: z.string().max(10_000).nullable().optional(),
  adapterType: z.enum(ADAPTER_TYPES).optional().describe("How wakes reach the agent (board owners only)"),
  adapterConfig: jsonObject.optional().describe("Adapter settings, including commands (board owners only)"),
  runtimeConfig: runtimeConfig.optional(),
  budgetMonthlyCents: cents.optional(),
  defaultEnvironmentId: z
    .uuid()
    .nullable()
    .optional()
    .describe("Where this agent's runs execute unless the issue or project says otherwise; the instance default pins it to local"),
  metadata: jsonObject.nullable().optional(),
  permissions: permissions.optional(),
  desiredSkills: desiredSkills.optional(),
  instructionsBundle: instructionsBundle.optional(),
});

export const createAgentBody = agentEditable.extend({ name: nonEmptyText.max(120).describe("Agent name, unique-ish per company") });

export const hireAgentBody = createAgentBody.extend({
  sourceIssueId: z.uuid().optional().describe("The issue the hire was asked from; the hire approval is linked to it"),
  sourceIssueIds: z.array(z.uuid()).max(50).optional().describe("Issues the hire approval is linked to"),
});

export const updateAgentBody = agentEditable.extend({
  status: z.enum(AGENT_STATUSES).optional(),
  spentMonthlyCents: cents.optional(),
  replaceAdapterConfig: z.boolean().optional().describe("Replace adapterConfig instead of merging into it"),
});

export const createAgentKeyBody = z.strictObject({
  name: nonEmptyText.max(120).optional().describe('Label for the key; defaults to "default"'),
  scope: z.strictObject({ kind: z.literal("standard") }).optional(),
});

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID_PATTERN.test(value);

/** Paperclip's CLI addresses agents by id or by url key ("shortname"). */
const agentRef = z
  .string()
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, { error: "An agent id (UUID) or url key such as builder-bot" })
  .describe("Agent id (UUID) or url key");

export const agentRefParams = z.strictObject({ id: agentRef });
export const agentRefQuery = z.strictObject({
  companyId: z
    .union([z.uuid(), z.literal("")])
    .optional()
    .describe("Company to look a url key up in"),
});
export const agentKeyParams = z.strictObject({ id: agentRef, keyId: z.uuid() });

export type CreateAgentInput = z.output<typeof createAgentBody>;
export type HireAgentInput = z.output<typeof hireAgentBody>;
export type UpdateAgentInput = z.output<typeof updateAgentBody>;
export type CreateAgentKeyInput = z.output<typeof createAgentKeyBody>;
