import "server-only";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db } from "../db/client";
import type { Agent, Issue } from "../db/generated/client";
import { serializeAgentSummary } from "./serialize";

type CurrentTask = Pick<Issue, "id" | "identifier" | "title" | "status">;

export type OrgNode = {
  id: string;
  name: string;
  urlKey: string;
  role: string;
  title: string | null;
  icon: string | null;
  status: string;
  currentTask: CurrentTask | null;
  reports: OrgNode[];
};

/**
 * `GET /api/companies/:id/org`: Paperclip's tree of roots with their `reports`, terminated agents left out (whoever
 * reported to one becomes a root), siblings by name. Each agent's current task is the in-progress issue assigned to it
 * that changed last.
 */
export async function companyOrg(actor: Actor, companyId: string): Promise<OrgNode[]> {
  const agents = await db.agent.findMany({
    // AND, not a spread: the actor's scope has a companyId of its own (all its companies) that would replace this one.
    where: { AND: [{ companyId, status: { not: "terminated" } }, companyScope(actor)] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const tasks = await db.issue.findMany({
    where: { companyId, status: "in_progress", assigneeAgentId: { in: agents.map((agent) => agent.id) } },
    select: { id: true, identifier: true, title: true, status: true, assigneeAgentId: true },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  const currentTask = new Map<string, CurrentTask>();
  for (const { assigneeAgentId, ...task } of tasks) if (assigneeAgentId && !currentTask.has(assigneeAgentId)) currentTask.set(assigneeAgentId, task);

  const listed = new Set(agents.map((agent) => agent.id));
  const reportsOf = new Map<string | null, Agent[]>();
  for (const agent of agents) {
    const manager = agent.reportsTo && listed.has(agent.reportsTo) ? agent.reportsTo : null;
    reportsOf.set(manager, [...(reportsOf.get(manager) ?? []), agent]);
  }
  // Reporting cycles are refused when set; should one exist anyway, its agents are still shown once, as roots.
  const placed = new Set<string>();
  const node = (agent: Agent): OrgNode => {
    placed.add(agent.id);
    return {
      ...serializeAgentSummary(agent),
      currentTask: currentTask.get(agent.id) ?? null,
      reports: (reportsOf.get(agent.id) ?? []).filter((report) => !placed.has(report.id)).map(node),
    };
  };
  const roots = (reportsOf.get(null) ?? []).map(node);
  for (const agent of agents) if (!placed.has(agent.id)) roots.push(node(agent));
  return roots;
}
