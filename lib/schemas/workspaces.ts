import { z } from "zod";
import { booleanFlag, csvOf, isoDateTime, jsonObject, nonEmptyText, uuid } from "./common";
import { EXECUTION_WORKSPACE_STATUSES } from "./values";

export { EXECUTION_WORKSPACE_STATUSES };
export const WORKSPACE_MODES = ["inherit", "shared_workspace", "isolated_workspace", "operator_branch", "reuse_existing", "agent_default"] as const;
const desiredState = z.enum(["running", "stopped", "manual"]);
const command = z.string().max(4_000).nullable().optional();
/** A git ref or branch name: these reach git's argv, so never something git would read as an option. */
export const gitRef = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^[^-\s][^\s]*$/, { error: "A git ref: no spaces, must not start with -" });
const absolutePath = z
  .string()
  .trim()
  .min(1)
  .max(1_000)
  .refine((value) => value.startsWith("/"), { error: "Must be an absolute path" });

const runtimeConfig = z.strictObject({
  workspaceRuntime: jsonObject
    .nullable()
    .optional()
    .describe("{commands:[{id, name, kind: service|job, command, cwd?, env?, port?, readyUrl?}]} or legacy {services:[…]}"),
  desiredState: desiredState.nullable().optional(),
  serviceStates: z.record(z.string(), desiredState).nullable().optional(),
});

const projectWorkspaceFields = {
  name: nonEmptyText.max(200),
  sourceType: z.enum(["local_path", "git_repo", "remote_managed", "non_git_path"]),
  cwd: absolutePath.nullable(),
  repoUrl: z.url().max(2_000).nullable(),
  repoRef: gitRef.nullable(),
  defaultRef: gitRef.nullable(),
  visibility: z.enum(["default", "advanced"]),
  setupCommand: command,
  cleanupCommand: command,
  remoteProvider: z.string().max(200).nullable(),
  remoteWorkspaceRef: z.string().max(1_000).nullable(),
  sharedWorkspaceKey: z.string().max(200).nullable(),
  metadata: jsonObject.nullable(),
  runtimeConfig: runtimeConfig.nullable(),
  isPrimary: z.boolean(),
};

export const createProjectWorkspaceBody = z.strictObject({
  ...z.object(projectWorkspaceFields).partial().shape,
  name: projectWorkspaceFields.name,
});
export const updateProjectWorkspaceBody = z.strictObject(z.object(projectWorkspaceFields).partial().shape);
export type CreateProjectWorkspaceInput = z.output<typeof createProjectWorkspaceBody>;
export type UpdateProjectWorkspaceInput = z.output<typeof updateProjectWorkspaceBody>;

export const projectWorkspaceParams = z.strictObject({ id: uuid.describe("Project id"), workspaceId: uuid.describe("Project workspace id") });

export const updateExecutionWorkspaceBody = z.strictObject({
  name: nonEmptyText.max(200).optional(),
  cwd: absolutePath.nullable().optional(),
  repoUrl: z.string().max(2_000).nullable().optional(),
  baseRef: gitRef.nullable().optional(),
  branchName: gitRef.nullable().optional(),
  providerRef: z.string().max(1_000).nullable().optional(),
  status: z.enum(EXECUTION_WORKSPACE_STATUSES).optional().describe("archived closes the workspace: services stop, cleanup then teardown run"),
  cleanupEligibleAt: isoDateTime.nullable().optional(),
  cleanupReason: z.string().max(2_000).nullable().optional(),
  config: z
    .strictObject({
      environmentId: uuid.nullable().optional(),
      provisionCommand: command,
      runtimeProvisionCommand: command,
      teardownCommand: command,
      cleanupCommand: command,
      workspaceRuntime: jsonObject.nullable().optional().describe("null resets to inheriting the project workspace's runtime config"),
      desiredState: desiredState.nullable().optional(),
      serviceStates: z.record(z.string(), desiredState).nullable().optional(),
    })
    .nullable()
    .optional(),
  metadata: jsonObject.nullable().optional(),
});
export type UpdateExecutionWorkspaceInput = z.output<typeof updateExecutionWorkspaceBody>;

export const listExecutionWorkspacesQuery = z.strictObject({
  projectId: uuid.optional(),
  projectWorkspaceId: uuid.optional(),
  issueId: uuid.optional(),
  status: csvOf(EXECUTION_WORKSPACE_STATUSES).optional().describe("Comma-separated statuses"),
  reuseEligible: booleanFlag.optional(),
  summary: booleanFlag.optional(),
});

export const workspaceOverviewQuery = z.strictObject({
  projectId: uuid.optional(),
  status: csvOf(EXECUTION_WORKSPACE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const runtimeActionBody = z.strictObject({
  workspaceCommandId: z.string().min(1).max(80).nullable().optional().describe("The command's id; omit to act on every service"),
  runtimeServiceId: uuid.nullable().optional(),
  serviceIndex: z.int().min(0).nullable().optional(),
});
export type RuntimeActionInput = z.output<typeof runtimeActionBody>;

export const serviceActionParams = z.strictObject({ id: uuid.describe("Execution workspace id"), action: z.enum(["start", "stop", "restart"]) });
export const commandActionParams = z.strictObject({ id: uuid.describe("Execution workspace id"), action: z.enum(["start", "stop", "restart", "run"]) });
export const projectServiceActionParams = projectWorkspaceParams.extend({ action: z.enum(["start", "stop", "restart"]) });
export const projectCommandActionParams = projectWorkspaceParams.extend({ action: z.enum(["start", "stop", "restart", "run"]) });

export const operationLogQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limitBytes: z.coerce.number().int().min(1).max(1_000_000).default(256_000),
});

export const experimentalSettingsBody = z.strictObject({
  enableIsolatedWorkspaces: z.boolean().optional(),
});
export const instanceSettingsBody = z.strictObject({
  experimental: experimentalSettingsBody.optional(),
});
