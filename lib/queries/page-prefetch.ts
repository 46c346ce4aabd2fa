import "server-only";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import {
  agentKeys,
  approvalKeys,
  boardKeyKeys,
  companyKeys,
  environmentKeys,
  goalKeys,
  instructionKeys,
  issueKeys,
  memberKeys,
  needsMeKeys,
  projectKeys,
  skillKeys,
  userKeys,
  wakeupKeys,
  workspaceKeys,
} from "./keys";
import { prefetchInbox } from "./inbox";
import { labelKeys } from "./labels";
import { markKeys } from "./marks";
import { onboardingKeys, onboardingPath } from "./onboarding";
import { serverJson } from "./prefetch";
import { type RoutineFilters, routineKeys, routineListPath, routinePath, routineRunsPath } from "./routines";
import { runKeys } from "./runs";
import { savedViewKeys } from "./saved-views";
import { ISSUE_THOUGHTS_SHOWN, thoughtKeys } from "./thoughts";
import type { InboxTab } from "../schemas/values";

// Each function here fills the cache entry one client hook reads, under that hook's own query key and from the URL it
// fetches (named beside each), so the hydrated page renders its data at once and the hook does not fetch on mount.

const enc = encodeURIComponent;
const company = (companyId: string) => `/api/companies/${enc(companyId)}`;

/** One query: the JSON at `path`, under the hook's key. */
export const prefetch = (client: QueryClient, queryKey: QueryKey, path: string) => client.prefetchQuery({ queryKey, queryFn: serverJson(path) });

/** The data a prefetch left in the cache, to prefetch what depends on it (an agent's company, say). */
export const prefetched = <T>(client: QueryClient, queryKey: QueryKey): T | undefined => client.getQueryData<T>(queryKey);

/** useAgents (lib/queries/agents.ts). */
export const agentList = (client: QueryClient, companyId: string) => prefetch(client, agentKeys.list(companyId), `${company(companyId)}/agents`);
/** useAgent. */
export const agentDetail = (client: QueryClient, agentId: string) => prefetch(client, agentKeys.detail(agentId), `/api/agents/${enc(agentId)}`);
/** useAgentWakeups. */
export const agentWakeups = (client: QueryClient, agentId: string) => prefetch(client, wakeupKeys.list(agentId), `/api/agents/${enc(agentId)}/wakeups`);
/** useAgentKeys; the server refuses viewers, and then nothing is hydrated (the page does not show keys to them either). */
export const agentApiKeys = (client: QueryClient, agentId: string) => prefetch(client, agentKeys.apiKeys(agentId), `/api/agents/${enc(agentId)}/keys`);
/** useIssueThoughts (lib/queries/thoughts.ts): the issue's Live panel. */
export const issueThoughts = (client: QueryClient, issueId: string) =>
  prefetch(client, thoughtKeys.issue(issueId), `/api/issues/${enc(issueId)}/thoughts?limit=${ISSUE_THOUGHTS_SHOWN}`);
/** useIssueMarks (lib/queries/marks.ts): the issue's "Files being edited". */
export const issueMarks = (client: QueryClient, issueId: string) => prefetch(client, markKeys.issue(issueId), `/api/issues/${enc(issueId)}/file-marks`);
/** useAgentCurrentThought (lib/queries/thoughts.ts). */
export const agentThought = (client: QueryClient, agentId: string) =>
  prefetch(client, thoughtKeys.agent(agentId), `/api/agents/${enc(agentId)}/thoughts?limit=1`);
/** useInstructionsBundle and useAgentSkills (lib/queries/skills.ts). */
export const agentInstructions = (client: QueryClient, agentId: string) =>
  Promise.all([
    prefetch(client, instructionKeys.bundle(agentId), `/api/agents/${enc(agentId)}/instructions-bundle`),
    prefetch(client, skillKeys.agent(agentId), `/api/agents/${enc(agentId)}/skills`),
  ]);
/** useCompanySkills. */
export const companySkills = (client: QueryClient, companyId: string) => prefetch(client, skillKeys.list(companyId), `${company(companyId)}/skills`);
/** useOrg (lib/queries/org.ts). */
export const orgChart = (client: QueryClient, companyId: string) => prefetch(client, agentKeys.org(companyId), `${company(companyId)}/org`);

/** useMembers (lib/queries/members.ts). */
export const memberList = (client: QueryClient, companyId: string) => prefetch(client, memberKeys.list(companyId), `${company(companyId)}/members`);
/** useInvitations; owners only (others get nothing hydrated, and are not shown invitations). */
export const invitationList = (client: QueryClient, companyId: string) =>
  prefetch(client, memberKeys.invitations(companyId), `${company(companyId)}/invitations`);
/** usePeople (components/issues/people.ts): the agents and members that name whoever an id points at. */
/** useLabels (lib/queries/labels.ts). */
export const labelList = (client: QueryClient, companyId: string) => prefetch(client, labelKeys.list(companyId), `${company(companyId)}/labels`);

/** useSavedViews (lib/queries/saved-views.ts). */
export const savedViewList = (client: QueryClient, companyId: string) => prefetch(client, savedViewKeys.list(companyId), `${company(companyId)}/saved-views`);

export const people = (client: QueryClient, companyId: string) => Promise.all([agentList(client, companyId), memberList(client, companyId)]);

/** useCompanies("all") (lib/queries/companies.ts). */
export const companyList = (client: QueryClient) => prefetch(client, companyKeys.list("all"), "/api/companies");
/** useGoals. */
export const goalList = (client: QueryClient, companyId: string) => prefetch(client, goalKeys.list(companyId), `${company(companyId)}/goals`);
/** useProjects. */
export const projectList = (client: QueryClient, companyId: string) => prefetch(client, projectKeys.list(companyId), `${company(companyId)}/projects`);
/** useProject. */
export const projectDetail = (client: QueryClient, projectId: string) => prefetch(client, projectKeys.detail(projectId), `/api/projects/${enc(projectId)}`);
/** useEnvironments(companyId, { includeArchived }) (lib/queries/environments.ts). */
export const environmentList = (client: QueryClient, companyId: string, includeArchived: boolean) =>
  prefetch(client, environmentKeys.list(companyId, includeArchived), `${company(companyId)}/environments${includeArchived ? "?includeArchived=true" : ""}`);

/** useNeedsMe (lib/queries/needs-me.ts). */
export const needsMe = (client: QueryClient, companyId: string) => prefetch(client, needsMeKeys.company(companyId), `${company(companyId)}/needs-me`);
/** useOnboarding (lib/queries/onboarding.ts): the first-run checklist at the top of Needs me. */
export const onboarding = (client: QueryClient, companyId: string) => prefetch(client, onboardingKeys.company(companyId), onboardingPath(companyId));

/** useInbox(companyId, tab) (lib/queries/inbox.ts); the unread tab also feeds the sidebar's Inbox badge. */
export const inboxTab = (client: QueryClient, companyId: string, tab: InboxTab) =>
  prefetchInbox(client, companyId, tab, <T>(path: string) => serverJson<T>(path)());

/** The sidebar's badges (Needs me, Approvals, Inbox): fetched above every page, so they paint with it and hydrate the same. */
export const sidebarBadges = (client: QueryClient, companyId: string) => Promise.all([needsMe(client, companyId), inboxTab(client, companyId, "unread")]);

/** useIssueList(companyId, { assigneeAgentId, status }) as the agent page's inbox asks it (components/agents/agent-work-sections.tsx). */
export const AGENT_INBOX_STATUSES = ["todo", "in_progress", "in_review", "blocked"] as const;
export const agentInbox = (client: QueryClient, companyId: string, agentId: string) =>
  prefetch(
    client,
    issueKeys.list(companyId, { assigneeAgentId: agentId, status: AGENT_INBOX_STATUSES }),
    `${company(companyId)}/issues?${new URLSearchParams({ status: AGENT_INBOX_STATUSES.join(","), assigneeAgentId: agentId })}`,
  );

/** useApprovals(companyId, status) (lib/queries/approvals.ts). */
export const approvalList = (client: QueryClient, companyId: string, status: string | null) =>
  prefetch(client, approvalKeys.list(companyId, status), `${company(companyId)}/approvals${status ? `?status=${status}` : ""}`);
/** useApproval, useApprovalComments and useApprovalIssues. */
export const approvalDetail = (client: QueryClient, approvalId: string) => {
  const path = `/api/approvals/${enc(approvalId)}`;
  return Promise.all([
    prefetch(client, approvalKeys.detail(approvalId), path),
    prefetch(client, approvalKeys.comments(approvalId), `${path}/comments`),
    prefetch(client, approvalKeys.issues(approvalId), `${path}/issues`),
  ]);
};

/** useRuns(companyId, filter) (lib/queries/runs.ts). */
export const runList = (client: QueryClient, companyId: string, filter: { agentId?: string; issueId?: string }) => {
  const search = new URLSearchParams(Object.entries(filter).filter(([, value]) => value) as [string, string][]);
  search.set("limit", "20");
  return prefetch(client, runKeys.list(companyId, filter), `${company(companyId)}/heartbeat-runs?${search}`);
};
/** useRun, useRunLog, useRunIssues and useRunThoughts of one run. */
export const runDetail = (client: QueryClient, runId: string) => {
  const path = `/api/heartbeat-runs/${enc(runId)}`;
  return Promise.all([
    prefetch(client, runKeys.detail(runId), path),
    prefetch(client, runKeys.log(runId), `${path}/log`),
    prefetch(client, runKeys.issues(runId), `${path}/issues`),
    prefetch(client, thoughtKeys.run(runId), `${path}/thoughts`),
  ]);
};
/** useCosts. */
export const costs = (client: QueryClient, companyId: string) => prefetch(client, runKeys.costs(companyId), `${company(companyId)}/costs`);

/** useWorkspaceOverview(companyId, { projectId, includeArchived: false }): its first page, as the infinite query holds it. */
export const workspaceOverview = (client: QueryClient, companyId: string, projectId?: string) => {
  const search = new URLSearchParams({ limit: "50", offset: "0" });
  if (projectId) search.set("projectId", projectId);
  return client.prefetchInfiniteQuery({
    queryKey: workspaceKeys.overview(companyId, { projectId, includeArchived: false }),
    queryFn: serverJson(`${company(companyId)}/workspace-overview?${search}`),
    initialPageParam: 0,
  });
};
/** useExecutionWorkspace. */
export const executionWorkspace = (client: QueryClient, workspaceId: string) =>
  prefetch(client, workspaceKeys.execution(workspaceId), `/api/execution-workspaces/${enc(workspaceId)}`);
/** useProjectWorkspaces. */
export const projectWorkspaces = (client: QueryClient, projectId: string) =>
  prefetch(client, workspaceKeys.projectList(projectId), `/api/projects/${enc(projectId)}/workspaces`);
/** useProjectWorkspace. */
export const projectWorkspace = (client: QueryClient, projectId: string, workspaceId: string) =>
  prefetch(client, workspaceKeys.project(projectId, workspaceId), `/api/projects/${enc(projectId)}/workspaces/${enc(workspaceId)}`);

/** useRoutines(companyId, filters) (lib/queries/routines.ts). */
export const routineList = (client: QueryClient, companyId: string, filters: RoutineFilters = {}) =>
  prefetch(client, routineKeys.list(companyId, filters), routineListPath(companyId, filters));
/** useRoutine and useRoutineRuns of one routine. */
export const routineDetail = (client: QueryClient, routineId: string) =>
  Promise.all([
    prefetch(client, routineKeys.detail(routineId), routinePath(routineId)),
    prefetch(client, routineKeys.runs(routineId), routineRunsPath(routineId)),
  ]);

/** useCompanyWorkflow (lib/queries/workflow.ts, whose key is ["workflow", companyId]). */
export const companyWorkflow = (client: QueryClient, companyId: string) => prefetch(client, ["workflow", companyId], `${company(companyId)}/workflow`);
/** useBoardKeys(true) as the API keys tab asks it. */
export const boardApiKeys = (client: QueryClient) => prefetch(client, boardKeyKeys.list(true), "/api/board-api-keys?includeInactive=true");
/** useUsers (instance admins). */
export const userList = (client: QueryClient) => prefetch(client, userKeys.list(), "/api/users");
