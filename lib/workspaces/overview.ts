import type { workspaceOverview } from "./execution-workspaces";
import { serializeExecutionWorkspace, serializeProjectWorkspace } from "./serialize";

type Overview = Awaited<ReturnType<typeof workspaceOverview>>;

/**
 * Paperclip's overview rows (`items`, one per execution workspace) plus `groups`: every project with workspace
 * activity, its workspaces as cards, projects with running services first, then by name.
 */
export function serializeOverview(overview: Overview) {
  const projectById = new Map(overview.projects.map((project) => [project.id, project]));
  const items = overview.executionWorkspaces.map(({ workspace, services, projectWorkspace, linkedIssues }) => {
    const project = projectById.get(workspace.projectId);
    const running = services.filter((service) => service.status === "running");
    const primary = services.find((service) => service.url) ?? services[0] ?? null;
    const serialized = serializeExecutionWorkspace(workspace, { services, projectWorkspace, linkedIssues });
    return {
      key: `execution:${workspace.id}`,
      kind: "execution_workspace" as const,
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      projectId: workspace.projectId,
      projectUrlKey: project?.urlKey ?? null,
      projectName: project?.name ?? null,
      mode: workspace.mode,
      strategyType: workspace.strategyType,
      cwd: workspace.cwd,
      branchName: workspace.branchName,
      lastUpdatedAt: workspace.updatedAt > workspace.lastUsedAt ? workspace.updatedAt.toISOString() : workspace.lastUsedAt.toISOString(),
      projectWorkspaceId: workspace.projectWorkspaceId,
      executionWorkspaceId: workspace.id,
      executionWorkspaceStatus: workspace.status,
      serviceCount: serialized.commands.filter((command) => command.kind === "service").length,
      runningServiceCount: running.length,
      primaryServiceUrl: primary?.url ?? null,
      primaryServiceUrlRunning: primary?.status === "running",
      primaryService: primary
        ? {
            id: primary.id,
            serviceName: primary.serviceName,
            status: primary.status,
            url: primary.url,
            port: primary.port,
            healthStatus: primary.healthStatus,
            updatedAt: primary.updatedAt.toISOString(),
          }
        : null,
      hasRuntimeConfig: serialized.runtimeConfigSource !== "none",
      linkedIssueCount: linkedIssues.length,
      linkedIssues: linkedIssues.slice(0, 4).map((issue) => ({
        id: issue.id,
        identifier: issue.identifier,
        title: issue.title,
        status: issue.status,
        priority: issue.priority,
        updatedAt: issue.updatedAt.toISOString(),
      })),
    };
  });
  const projectCards = overview.projectWorkspaces.map(({ workspace, services }) => {
    const serialized = serializeProjectWorkspace(workspace, services);
    return {
      ...serialized,
      serviceCount: serialized.commands.filter((command) => command.kind === "service").length,
      runningServiceCount: services.filter((service) => service.status === "running").length,
    };
  });
  const projectIds = [...new Set([...items.map((item) => item.projectId), ...projectCards.map((card) => card.projectId)])];
  const groups = projectIds
    .map((projectId) => {
      const project = projectById.get(projectId);
      const executionWorkspaces = items.filter((item) => item.projectId === projectId);
      const projectWorkspaces = projectCards.filter((card) => card.projectId === projectId);
      const runningServiceCount = [...executionWorkspaces, ...projectWorkspaces].reduce((sum, row) => sum + row.runningServiceCount, 0);
      return {
        projectId,
        projectName: project?.name ?? "Unknown project",
        projectUrlKey: project?.urlKey ?? null,
        runningServiceCount,
        projectWorkspaces,
        executionWorkspaces,
      };
    })
    .sort((a, b) => Number(b.runningServiceCount > 0) - Number(a.runningServiceCount > 0) || a.projectName.localeCompare(b.projectName));
  const hasMore = overview.offset + items.length < overview.total;
  return {
    items,
    groups,
    total: overview.total,
    limit: overview.limit,
    offset: overview.offset,
    hasMore,
    nextOffset: hasMore ? overview.offset + items.length : null,
  };
}
