import { z } from "zod";
import { isoDateTime } from "../schemas/common";
import { CATCH_UP_POLICIES, CONCURRENCY_POLICIES, ROUTINE_STATUSES, SIGNING_MODES, replayWindowSec, routineVariables } from "../schemas/routines";
import { ISSUE_PRIORITIES, ISSUE_STATUSES } from "../schemas/values";

// The Switchboard company bundle, version 1: one JSON document holding a company's configuration and work, every row
// named by its id in the exporting company. An importer gives each row a new id and rewrites every reference through
// one id map, so the ids here only tie the bundle together.

export const BUNDLE_FORMAT = "switchboard.company";
export const BUNDLE_VERSION = 1;

const id = z.guid();
const ref = z.guid().nullable();
// Bounded like the columns they land in, so a crafted bundle is a 422 naming the field, not a database error.
const time = isoDateTime;
const int4 = z.int().min(-2_147_483_648).max(2_147_483_647);
const optionalTime = time.nullable();
const text = z.string().nullable();
const json = z.unknown();
const jsonObject = z.record(z.string(), z.unknown());

const member = z.object({ userId: id, email: z.string().min(1), name: z.string(), role: z.enum(["owner", "operator", "viewer"]) });

const skill = z.object({
  id,
  key: z.string().min(1),
  name: z.string().min(1),
  description: text,
  markdown: z.string(),
  files: z.record(z.string(), z.string()),
  sourceType: z.string().min(1),
  sourceLocator: text,
  contentHash: z.string().min(1),
  createdAt: time,
  updatedAt: time,
});

const agent = z.object({
  id,
  name: z.string().min(1),
  urlKey: z.string().min(1),
  role: z.string().min(1),
  title: text,
  icon: text,
  status: z.string().min(1),
  reportsTo: ref,
  capabilities: text,
  adapterType: z.string().min(1),
  adapterConfig: jsonObject,
  runtimeConfig: jsonObject,
  permissions: jsonObject,
  metadata: json.nullable(),
  budgetMonthlyCents: int4.min(0),
  instructionsPath: text,
  instructionFiles: z.array(z.object({ path: z.string().min(1), content: z.string() })),
  skillIds: z.array(id),
  createdAt: time,
  updatedAt: time,
});

const goal = z.object({
  id,
  title: z.string().min(1),
  description: text,
  level: z.string().min(1),
  status: z.string().min(1),
  parentId: ref,
  ownerAgentId: ref,
  createdAt: time,
  updatedAt: time,
});

const projectWorkspace = z.object({
  id,
  name: z.string().min(1),
  sourceType: z.string().min(1),
  cwd: text,
  repoUrl: text,
  repoRef: text,
  defaultRef: text,
  visibility: z.string().min(1),
  setupCommand: text,
  cleanupCommand: text,
  remoteProvider: text,
  remoteWorkspaceRef: text,
  sharedWorkspaceKey: text,
  metadata: json.nullable(),
  runtimeConfig: json.nullable(),
  isPrimary: z.boolean(),
  createdAt: time,
  updatedAt: time,
});

const project = z.object({
  id,
  name: z.string().min(1),
  urlKey: z.string().min(1),
  description: text,
  status: z.string().min(1),
  leadAgentId: ref,
  targetDate: text,
  color: text,
  icon: text,
  env: json.nullable(),
  executionWorkspacePolicy: json.nullable(),
  archivedAt: optionalTime,
  goals: z.array(z.object({ goalId: id, position: int4 })),
  workspaces: z.array(projectWorkspace),
  createdAt: time,
  updatedAt: time,
});

const label = z.object({ id, name: z.string().min(1), color: z.string().min(1), createdAt: time });

const workflow = z.object({ id, projectId: ref, source: z.string(), createdAt: time, updatedAt: time });

const issue = z.object({
  id,
  number: int4.min(1),
  identifier: z.string().min(1),
  title: z.string().min(1),
  description: text,
  status: z.enum(ISSUE_STATUSES),
  priority: z.enum(ISSUE_PRIORITIES),
  priorityRank: z.int().min(0).max(3),
  assigneeAgentId: ref,
  assigneeUserId: ref,
  createdByAgentId: ref,
  createdByUserId: ref,
  parentId: ref,
  projectId: ref,
  goalId: ref,
  billingCode: text,
  workMode: z.string().min(1),
  requestDepth: int4.min(0),
  idempotencyKey: text,
  hiddenAt: optionalTime,
  inheritExecutionWorkspaceFromIssueId: ref,
  executionWorkspacePreference: text,
  executionWorkspaceSettings: json.nullable(),
  startedAt: optionalTime,
  completedAt: optionalTime,
  cancelledAt: optionalTime,
  executionPolicy: json.nullable(),
  executionState: json.nullable(),
  workflowState: text,
  phase: text,
  timeActualMs: z.number().min(0),
  stateTimeMs: json,
  stateEnteredAt: optionalTime,
  blocking: z.boolean().nullable(),
  originKind: z.string().min(1),
  originId: text,
  labelIds: z.array(id),
  blockedByIssueIds: z.array(id),
  createdAt: time,
  updatedAt: time,
});

const comment = z.object({
  id,
  issueId: id,
  body: z.string(),
  authorAgentId: ref,
  authorUserId: ref,
  mentionedAgentIds: z.array(id),
  createdAt: time,
  updatedAt: time,
});

const revision = z.object({
  id,
  revisionNumber: int4.min(1),
  title: text,
  format: z.string().min(1),
  body: z.string(),
  changeSummary: text,
  createdByAgentId: ref,
  createdByUserId: ref,
  createdAt: time,
});

const document = z.object({
  id,
  title: text,
  format: z.string().min(1),
  latestBody: z.string(),
  latestRevisionId: ref,
  latestRevisionNumber: int4.min(0),
  createdByAgentId: ref,
  createdByUserId: ref,
  updatedByAgentId: ref,
  updatedByUserId: ref,
  issueLink: z.object({ issueId: id, key: z.string().min(1), createdAt: time }).nullable(),
  revisions: z.array(revision),
  createdAt: time,
  updatedAt: time,
});

const attachment = z.object({
  id,
  issueId: id,
  type: z.string().min(1),
  mime: z.string().min(1),
  /** null when the bundle's attachment budget ran out; such attachments are skipped on import. */
  content: z.string().nullable(),
  sizeBytes: int4.min(0),
  createdByAgentId: ref,
  createdByUserId: ref,
  createdAt: time,
});

const interaction = z.object({
  id,
  issueId: id,
  kind: z.string().min(1),
  status: z.string().min(1),
  continuationPolicy: z.string().min(1),
  resolverPolicy: z.string().min(1),
  addresseeAgentId: ref,
  addresseeUserId: ref,
  idempotencyKey: text,
  requestHash: z.string(),
  title: text,
  summary: text,
  payload: json,
  result: json.nullable(),
  targetDocumentId: ref,
  sourceCommentId: ref,
  createdByAgentId: ref,
  createdByUserId: ref,
  resolvedAt: optionalTime,
  resolvedByAgentId: ref,
  resolvedByUserId: ref,
  createdAt: time,
  updatedAt: time,
});

const approval = z.object({
  id,
  type: z.string().min(1),
  status: z.string().min(1),
  requestedByAgentId: ref,
  requestedByUserId: ref,
  payload: json,
  decisionNote: text,
  decidedByUserId: ref,
  decidedAt: optionalTime,
  issueLinks: z.array(z.object({ issueId: id, linkedByAgentId: ref, linkedByUserId: ref, createdAt: time })),
  comments: z.array(z.object({ id, body: z.string(), authorAgentId: ref, authorUserId: ref, createdAt: time, updatedAt: time })),
  createdAt: time,
  updatedAt: time,
});

const executionDecision = z.object({
  id,
  issueId: id,
  stageId: z.string().min(1),
  stageIndex: int4,
  stageType: z.string().min(1),
  outcome: z.string().min(1),
  actorAgentId: ref,
  actorUserId: ref,
  commentId: ref,
  body: text,
  createdAt: time,
});

const routineTrigger = z.object({
  id,
  kind: z.enum(["schedule", "webhook", "api"]),
  label: text,
  enabled: z.boolean(),
  cronExpression: text,
  timezone: text,
  signingMode: z.enum(SIGNING_MODES).nullable(),
  replayWindowSec: replayWindowSec.nullable(),
  createdAt: time,
});

const routine = z.object({
  id,
  projectId: ref,
  goalId: ref,
  parentIssueId: ref,
  title: z.string().min(1),
  description: text,
  assigneeAgentId: ref,
  priority: z.enum(ISSUE_PRIORITIES),
  status: z.enum(ROUTINE_STATUSES),
  concurrencyPolicy: z.enum(CONCURRENCY_POLICIES),
  catchUpPolicy: z.enum(CATCH_UP_POLICIES),
  variables: routineVariables,
  createdByAgentId: ref,
  createdByUserId: ref,
  triggers: z.array(routineTrigger),
  createdAt: time,
  updatedAt: time,
});

export const companyBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: time,
  source: z.object({ companyId: id, name: z.string().min(1), issuePrefix: z.string().min(1) }),
  company: z.object({
    name: z.string().min(1),
    description: text,
    status: z.string().min(1),
    budgetMonthlyCents: int4.min(0),
    requireBoardApprovalForNewAgents: z.boolean(),
    defaultResponsibleUserId: ref,
    settings: jsonObject,
    createdAt: time,
  }),
  members: z.array(member),
  skills: z.array(skill),
  agents: z.array(agent),
  goals: z.array(goal),
  projects: z.array(project),
  labels: z.array(label),
  workflows: z.array(workflow),
  issues: z.array(issue),
  comments: z.array(comment),
  documents: z.array(document),
  attachments: z.array(attachment),
  interactions: z.array(interaction),
  approvals: z.array(approval),
  executionDecisions: z.array(executionDecision),
  routines: z.array(routine),
  /** What the exporter left out or scrubbed, for the person importing it. */
  warnings: z.array(z.string()),
});

export type CompanyBundle = z.infer<typeof companyBundleSchema>;
export type BundleIssue = CompanyBundle["issues"][number];

/** The collections a bundle carries, in the order counts are reported. */
export const BUNDLE_COLLECTIONS = [
  "members",
  "skills",
  "agents",
  "goals",
  "projects",
  "labels",
  "workflows",
  "issues",
  "comments",
  "documents",
  "attachments",
  "interactions",
  "approvals",
  "executionDecisions",
  "routines",
] as const satisfies readonly (keyof CompanyBundle)[];

export type BundleCollection = (typeof BUNDLE_COLLECTIONS)[number];
export type BundleCounts = Record<BundleCollection, number>;

export function zeroCounts(): BundleCounts {
  return Object.fromEntries(BUNDLE_COLLECTIONS.map((name) => [name, 0])) as BundleCounts;
}

export function bundleCounts(bundle: CompanyBundle): BundleCounts {
  return Object.fromEntries(BUNDLE_COLLECTIONS.map((name) => [name, bundle[name].length])) as BundleCounts;
}
