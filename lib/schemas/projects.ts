import { z } from "zod";
import { isoDateTime, jsonObject, nonEmptyText } from "./common";
import { gitRef } from "./workspaces";
import { PROJECT_STATUSES } from "./values";

export { PROJECT_STATUSES };

const nullableText = z.string().max(2_000).nullable().optional();

/** Paperclip's execution-workspace policy; its commands run on the server, so only company owners set it. */
export const executionWorkspacePolicy = z.strictObject({
  enabled: z.boolean(),
  sharedWorkspaceConcurrency: z.enum(["auto", "serialize", "allow"]).optional(),
  defaultMode: z.enum(["shared_workspace", "isolated_workspace", "operator_branch", "adapter_default"]).optional(),
  allowIssueOverride: z.boolean().optional(),
  defaultProjectWorkspaceId: z.uuid().nullable().optional(),
  environmentId: z.uuid().nullable().optional(),
  workspaceStrategy: z
    .strictObject({
      type: z.enum(["project_primary", "git_worktree", "adapter_managed", "cloud_sandbox"]).optional(),
      baseRef: gitRef.nullable().optional(),
      branchTemplate: nullableText,
      worktreeParentDir: nullableText,
      provisionCommand: nullableText,
      runtimeProvisionCommand: nullableText,
      teardownCommand: nullableText,
    })
    .optional(),
  workspaceRuntime: jsonObject.nullable().optional(),
  branchPolicy: jsonObject.nullable().optional(),
  pullRequestPolicy: jsonObject.nullable().optional(),
  runtimePolicy: jsonObject.nullable().optional(),
  cleanupPolicy: z
    .looseObject({
      idleRetentionDays: z
        .number()
        .min(0)
        .max(3650)
        .nullable()
        .optional()
        .describe("Close execution workspaces idle this long after their last linked issue closed; null never"),
      allowDestructiveCleanup: z.boolean().optional().describe("Also close workspaces with uncommitted changes or unmerged commits"),
    })
    .nullable()
    .optional()
    .describe("Workspace lifecycle settings"),
});

const projectEditable = z.strictObject({
  goalId: z.uuid().nullable().optional().describe("Deprecated single goal; prefer goalIds"),
  goalIds: z.array(z.uuid()).max(100).optional(),
  name: nonEmptyText.max(200).optional(),
  description: z.string().max(50_000).nullable().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  leadAgentId: z.uuid().nullable().optional(),
  targetDate: z.string().max(40).nullable().optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{3,8}$/, { error: "A hex colour such as #4f46e5" })
    .nullable()
    .optional(),
  icon: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/, { error: "An icon name such as folder or rocket" })
    .nullable()
    .optional(),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(10_000))
    .nullable()
    .optional()
    .describe("Environment for workspace commands (owners only)"),
  executionWorkspacePolicy: executionWorkspacePolicy.nullable().optional(),
  archivedAt: isoDateTime.nullable().optional(),
});

export const createProjectBody = projectEditable.extend({
  name: nonEmptyText.max(200),
  idempotencyKey: z.string().min(1).max(255).optional().describe("Retrying a create with the same key returns the first project"),
});
export const updateProjectBody = projectEditable;

export type CreateProjectInput = z.output<typeof createProjectBody>;
export type UpdateProjectInput = z.output<typeof updateProjectBody>;
