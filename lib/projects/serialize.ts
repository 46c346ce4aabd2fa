import type { Goal, Project, ProjectGoal } from "../db/generated/client";

export type ProjectWithGoals = Project & { goals: (ProjectGoal & { goal: Pick<Goal, "id" | "title"> })[] };

export function serializeProject(project: ProjectWithGoals) {
  const goals = [...project.goals].sort((a, b) => a.position - b.position).map(({ goal }) => ({ id: goal.id, title: goal.title }));
  return {
    id: project.id,
    companyId: project.companyId,
    urlKey: project.urlKey,
    goalId: goals[0]?.id ?? null,
    goalIds: goals.map((goal) => goal.id),
    goals,
    name: project.name,
    description: project.description,
    status: project.status,
    leadAgentId: project.leadAgentId,
    targetDate: project.targetDate,
    color: project.color,
    icon: project.icon,
    env: project.env,
    pauseReason: null,
    pausedAt: null,
    executionWorkspacePolicy: project.executionWorkspacePolicy,
    archivedAt: project.archivedAt?.toISOString() ?? null,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}
