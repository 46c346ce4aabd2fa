// Query key factories: every hook reads and every mutation invalidates through these, never through literals.

export const meKeys = {
  all: ["me"] as const,
  detail: () => [...meKeys.all, "detail"] as const,
};

export const companyKeys = {
  all: ["companies"] as const,
  lists: () => [...companyKeys.all, "list"] as const,
  list: (scope: "all" | "accessible" = "all") => [...companyKeys.lists(), scope] as const,
  detail: (companyId: string) => [...companyKeys.all, "detail", companyId] as const,
};

export const agentKeys = {
  all: ["agents"] as const,
  lists: () => [...agentKeys.all, "list"] as const,
  list: (companyId: string) => [...agentKeys.lists(), companyId] as const,
  details: () => [...agentKeys.all, "detail"] as const,
  detail: (agentId: string) => [...agentKeys.details(), agentId] as const,
  /** The agent's API keys (not to be confused with these query keys). */
  apiKeys: (agentId: string) => [...agentKeys.all, "api-keys", agentId] as const,
  /** The company's org chart; under `all`, so whatever refreshes agents refreshes it too. */
  org: (companyId: string) => [...agentKeys.all, "org", companyId] as const,
};

export const projectKeys = {
  all: ["projects"] as const,
  lists: () => [...projectKeys.all, "list"] as const,
  list: (companyId: string) => [...projectKeys.lists(), companyId] as const,
  detail: (projectId: string) => [...projectKeys.all, "detail", projectId] as const,
};

export const goalKeys = {
  all: ["goals"] as const,
  lists: () => [...goalKeys.all, "list"] as const,
  list: (companyId: string) => [...goalKeys.lists(), companyId] as const,
  detail: (goalId: string) => [...goalKeys.all, "detail", goalId] as const,
};

export const memberKeys = {
  all: ["members"] as const,
  list: (companyId: string) => [...memberKeys.all, "list", companyId] as const,
  invitations: (companyId: string) => [...memberKeys.all, "invitations", companyId] as const,
};

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const boardKeyKeys = {
  all: ["board-api-keys"] as const,
  list: (includeInactive = false) => [...boardKeyKeys.all, "list", { includeInactive }] as const,
};

/**
 * List filters and order as the API takes them (same names as its query parameters); part of the list's key so each
 * filter set is cached apart. `projectId: "none"` is issues in no project, `assigneeUserId: "me"` the caller's own.
 */
export type IssueFilters = {
  status?: readonly string[];
  priority?: readonly string[];
  assigneeAgentId?: string;
  assigneeUserId?: string;
  projectId?: string;
  labelId?: string;
  blocked?: boolean;
  q?: string;
  sort?: "priority" | "updated" | "created" | "title" | "identifier";
  direction?: "asc" | "desc";
};

export const issueKeys = {
  all: ["issues"] as const,
  lists: () => [...issueKeys.all, "list"] as const,
  companyLists: (companyId: string) => [...issueKeys.lists(), companyId] as const,
  /** One page of a filtered list (the agent inbox). */
  list: (companyId: string, filters: IssueFilters) => [...issueKeys.companyLists(companyId), "first-page", filters] as const,
  /** Every page loaded so far of a filtered list (the issues page with "Load more"). */
  pages: (companyId: string, filters: IssueFilters) => [...issueKeys.companyLists(companyId), "pages", filters] as const,
  details: () => [...issueKeys.all, "detail"] as const,
  /** `ref` is what the page was opened with: an identifier such as ENG-12, or a UUID. */
  detail: (ref: string) => [...issueKeys.details(), ref] as const,
  /** Everything shown on one issue's page besides the issue itself; one prefix, so one invalidation covers it all. */
  resources: (ref: string) => [...issueKeys.all, "of", ref] as const,
  activity: (ref: string) => [...issueKeys.resources(ref), "activity"] as const,
  documents: (ref: string) => [...issueKeys.resources(ref), "documents"] as const,
  revisions: (ref: string, key: string) => [...issueKeys.documents(ref), key, "revisions"] as const,
  interactions: (ref: string) => [...issueKeys.resources(ref), "interactions"] as const,
  approvals: (ref: string) => [...issueKeys.resources(ref), "approvals"] as const,
  decisions: (ref: string) => [...issueKeys.resources(ref), "decisions"] as const,
  attachments: (ref: string) => [...issueKeys.resources(ref), "attachments"] as const,
};

export const needsMeKeys = {
  all: ["needs-me"] as const,
  company: (companyId: string) => [...needsMeKeys.all, companyId] as const,
};

/** The first-run checklist (lib/queries/onboarding.ts); here so the event stream can refresh it without loading its hooks. */
export const onboardingKeys = {
  all: ["onboarding"] as const,
  company: (companyId: string) => [...onboardingKeys.all, companyId] as const,
};

export const approvalKeys = {
  all: ["approvals"] as const,
  list: (companyId: string, status: string | null) => [...approvalKeys.all, "list", companyId, status ?? "all"] as const,
  detail: (id: string) => [...approvalKeys.all, "detail", id] as const,
  comments: (id: string) => [...approvalKeys.all, "comments", id] as const,
  issues: (id: string) => [...approvalKeys.all, "issues", id] as const,
};

export const wakeupKeys = {
  all: ["wakeups"] as const,
  list: (agentId: string) => [...wakeupKeys.all, "list", agentId] as const,
};

export const environmentKeys = {
  all: ["environments"] as const,
  lists: () => [...environmentKeys.all, "list"] as const,
  list: (companyId: string, includeArchived: boolean) => [...environmentKeys.lists(), companyId, { includeArchived }] as const,
  detail: (environmentId: string) => [...environmentKeys.all, "detail", environmentId] as const,
};

export const instanceSettingKeys = {
  all: ["instance-settings"] as const,
  experimental: () => [...instanceSettingKeys.all, "experimental"] as const,
};

/** Which workspace an operation, service or runtime action belongs to. */
export type WorkspaceTarget = { kind: "execution"; id: string } | { kind: "project"; projectId: string; id: string };

export const workspaceKeys = {
  all: ["workspaces"] as const,
  /** The company-wide (or one project's) overview; `includeArchived` lists closed workspaces too. */
  overviews: () => [...workspaceKeys.all, "overview"] as const,
  overview: (companyId: string, filter: { projectId?: string; includeArchived?: boolean }) => [...workspaceKeys.overviews(), companyId, filter] as const,
  executions: () => [...workspaceKeys.all, "execution"] as const,
  execution: (id: string) => [...workspaceKeys.executions(), id] as const,
  closeReadiness: (id: string) => [...workspaceKeys.execution(id), "close-readiness"] as const,
  projectLists: () => [...workspaceKeys.all, "project-list"] as const,
  projectList: (projectId: string) => [...workspaceKeys.projectLists(), projectId] as const,
  project: (projectId: string, workspaceId: string) => [...workspaceKeys.all, "project", projectId, workspaceId] as const,
  operations: (target: WorkspaceTarget) => [...workspaceKeys.all, "operations", target.kind, target.id] as const,
  /** A finished operation's log never changes, so live events leave these alone. */
  operationLog: (operationId: string) => ["workspace-operation-log", operationId] as const,
};

export const skillKeys = {
  all: ["skills"] as const,
  list: (companyId: string) => [...skillKeys.all, "list", companyId] as const,
  /** An agent's chosen skills; under `all`, so a deleted company skill refreshes every agent's choice too. */
  agent: (agentId: string) => [...skillKeys.all, "agent", agentId] as const,
};

export const instructionKeys = {
  all: ["agent-instructions"] as const,
  bundle: (agentId: string) => [...instructionKeys.all, agentId] as const,
};
