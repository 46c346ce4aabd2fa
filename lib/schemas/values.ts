// The closed value lists the request schemas validate against, with no zod: client components import them from here,
// so a form's options or a filter's statuses do not bring the schemas (and zod) into the browser's bundle.

export const MIN_PASSWORD_LENGTH = 8;

export const GOAL_LEVELS = ["company", "team", "agent", "task"] as const;
export const GOAL_STATUSES = ["planned", "active", "achieved", "cancelled"] as const;

export const PROJECT_STATUSES = ["backlog", "planned", "in_progress", "completed", "cancelled"] as const;

export const AGENT_ROLES = ["ceo", "cto", "cmo", "cfo", "security", "engineer", "designer", "pm", "qa", "devops", "researcher", "general"] as const;
export const AGENT_STATUSES = ["active", "paused", "idle", "running", "error", "pending_approval", "terminated"] as const;
export const ADAPTER_TYPES = ["process", "http", "codex_local", "claude_local"] as const;

export const ISSUE_STATUSES = ["backlog", "todo", "in_progress", "in_review", "done", "blocked", "cancelled"] as const;
export const ISSUE_PRIORITIES = ["critical", "high", "medium", "low"] as const;
export const ISSUE_WORK_MODES = ["standard", "ask", "planning", "skill_test"] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export type IssuePriority = (typeof ISSUE_PRIORITIES)[number];
export const TERMINAL_STATUSES: readonly IssueStatus[] = ["done", "cancelled"];
/** The orders the issue list pages through; each one's cursor is valid only for itself. */
export const ISSUE_SORTS = ["priority", "updated", "created", "title", "identifier"] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export const EXECUTION_WORKSPACE_STATUSES = ["active", "idle", "in_review", "archived", "cleanup_failed"] as const;

/** How a run's environment was chosen, in the guide's order; agent_pinned_local outranks the project policy. */
export const ENVIRONMENT_RULES = ["issue", "agent_pinned_local", "project_policy", "agent_default", "instance_default"] as const;
export type EnvironmentRule = (typeof ENVIRONMENT_RULES)[number];
/** How the thread and run pages say which rule chose an environment. */
export const RULE_LABELS: Record<EnvironmentRule, string> = {
  issue: "set on the issue",
  agent_pinned_local: "agent pinned to the local default",
  project_policy: "project workspace policy",
  agent_default: "agent default",
  instance_default: "instance default",
};

/** Tabs of the board Inbox (lib/inbox): new to me, everything I'm in, where I was @-mentioned, what I archived. */
export const INBOX_TABS = ["unread", "all", "mentioned", "archived"] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

/** The first-run checklist's steps, in the order a newcomer does them. */
export const ONBOARDING_STEP_KEYS = ["company", "agent", "project", "issue", "run", "done"] as const;
export type OnboardingStepKey = (typeof ONBOARDING_STEP_KEYS)[number];

/** Steps a member may skip; every other step is what running an agent at all takes. */
export const OPTIONAL_ONBOARDING_STEPS = ["project"] as const satisfies readonly OnboardingStepKey[];
export type OptionalOnboardingStep = (typeof OPTIONAL_ONBOARDING_STEPS)[number];

export const isOptionalOnboardingStep = (key: string): key is OptionalOnboardingStep => (OPTIONAL_ONBOARDING_STEPS as readonly string[]).includes(key);
