import "server-only";
import { recordActivity } from "../activity/record";
import { actorIds, type Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Agent, Approval, Prisma } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import { publishEvent } from "../events/publish";
import { isUuid, type HireAgentInput } from "../schemas/agents";
import { requestWakeup } from "../wakeups/request";
import { AGENT_WRITE_ERRORS, hiresNeedApproval, insertAgent, requireAgentCreatable } from "./agents";
import { serializeAgentSetup } from "./serialize";
import { AGENT_STATUS_ERRORS, setAgentStatus } from "./status";

export const HIRE_AGENT_ERRORS = AGENT_WRITE_ERRORS;

/**
 * `POST /api/companies/:id/agent-hires`: the same rights and checks as creating an agent. Where the company requires
 * board approval for new agents, the agent starts pending_approval and a hire_agent approval naming it (linked to the
 * source issues) is filed in the same transaction; otherwise it starts idle and there is no approval.
 */
export async function hireAgent(actor: Actor, runId: string | null, companyId: string, input: HireAgentInput) {
  const { sourceIssueId, sourceIssueIds, ...agentInput } = input;
  await requireAgentCreatable(actor, companyId, agentInput);
  const issueIds = [...new Set([...(sourceIssueId ? [sourceIssueId] : []), ...(sourceIssueIds ?? [])])];
  await requireCompanyReferences(companyId, [
    { field: "sourceIssueId", model: "issue", ids: [sourceIssueId] },
    { field: "sourceIssueIds", model: "issue", ids: sourceIssueIds ?? [] },
  ]);
  const needsApproval = await hiresNeedApproval(companyId);
  let approval: Approval | null = null;
  const agent = await insertAgent(actor, runId, companyId, agentInput, {
    status: needsApproval ? "pending_approval" : "idle",
    withAgent: async (tx, created) => {
      approval = needsApproval ? await fileHireApproval(tx, actor, runId, created, agentInput, issueIds) : null;
      await recordActivity(tx, actor, runId, {
        companyId,
        action: "agent.hire_created",
        entityType: "agent",
        entityId: created.id,
        details: { name: created.name, role: created.role, requiresApproval: needsApproval, approvalId: approval?.id ?? null, issueIds },
      });
    },
  });
  return { agent, approval: approval as Approval | null };
}

/** The approval names the agent and repeats what was asked, so the board can decide from it alone. */
async function fileHireApproval(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  agent: Agent,
  input: Omit<HireAgentInput, "sourceIssueId" | "sourceIssueIds">,
  issueIds: string[],
) {
  const who = actorIds(actor);
  const payload = {
    agentId: agent.id,
    name: agent.name,
    role: agent.role,
    title: agent.title,
    icon: agent.icon,
    ...serializeAgentSetup(agent),
    metadata: input.metadata ?? null,
    // What the hire will be told and taught, so the board decides on it too.
    desiredSkills: input.desiredSkills ?? [],
    instructionFiles: Object.keys(input.instructionsBundle?.files ?? {}),
    requestedByAgentId: who.agentId,
    sourceIssueIds: issueIds,
  } as Prisma.InputJsonObject;
  const approval = await tx.approval.create({
    data: { companyId: agent.companyId, type: "hire_agent", payload, requestedByAgentId: who.agentId, requestedByUserId: who.userId },
  });
  if (issueIds.length)
    await tx.issueApproval.createMany({
      data: issueIds.map((issueId) => ({
        issueId,
        approvalId: approval.id,
        companyId: agent.companyId,
        linkedByAgentId: who.agentId,
        linkedByUserId: who.userId,
      })),
    });
  await recordActivity(tx, actor, runId, {
    companyId: agent.companyId,
    action: "approval.created",
    entityType: "approval",
    entityId: approval.id,
    details: { type: approval.type, status: approval.status, agentId: agent.id, issueIds },
  });
  await publishEvent(tx, { companyId: agent.companyId, type: "approval.created", entityType: "approval", entityId: approval.id });
  return approval;
}

export const HIRE_DECISION_ERRORS = AGENT_STATUS_ERRORS;

/**
 * What deciding a hire_agent approval does to the agent it names, inside the decision's transaction: approval makes a
 * pending agent idle and wakes it for work already assigned to it; rejection terminates it. An approval naming an agent
 * that is not pending (filed by hand, or for an agent since terminated) changes no agent.
 */
export async function applyHireDecision(tx: Tx, actor: Actor, approval: Approval) {
  const agentId = (approval.payload as { agentId?: unknown } | null)?.agentId;
  if (typeof agentId !== "string" || !isUuid(agentId)) return;
  const agent = await tx.agent.findFirst({ where: { id: agentId, companyId: approval.companyId } });
  if (!agent || agent.status !== "pending_approval") return;
  if (approval.status === "approved") {
    const active = await setAgentStatus(tx, actor, null, agent, "idle", "hire_approved");
    await wakeForAssignedWork(tx, actor, active);
  } else if (approval.status === "rejected") {
    await setAgentStatus(tx, actor, null, agent, "terminated", "hire_rejected");
  }
}

/** Issues assigned while the hire was pending start once it is approved; those with a wake already waiting keep theirs. */
async function wakeForAssignedWork(tx: Tx, actor: Actor, agent: Agent) {
  const issues = await tx.issue.findMany({
    where: { companyId: agent.companyId, assigneeAgentId: agent.id, status: { notIn: ["backlog", "done", "cancelled"] } },
    select: { id: true, identifier: true },
    orderBy: { createdAt: "asc" },
  });
  if (!issues.length) return;
  const waiting = await tx.agentWakeupRequest.findMany({
    where: { agentId: agent.id, status: "pending", issueId: { in: issues.map((issue) => issue.id) } },
    select: { issueId: true },
  });
  const alreadyWaking = new Set(waiting.map((wake) => wake.issueId));
  for (const issue of issues.filter((candidate) => !alreadyWaking.has(candidate.id)))
    await requestWakeup(tx, actor, null, {
      companyId: agent.companyId,
      agentId: agent.id,
      reason: "issue_assigned",
      issueId: issue.id,
      payload: { issueId: issue.id, identifier: issue.identifier },
    });
}
