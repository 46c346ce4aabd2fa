"use client";

import { useBoard } from "@/components/board/board-context";
import { useAgents } from "@/lib/queries/agents";
import { useMembers } from "@/lib/queries/members";
import type { Principal } from "@/lib/queries/types";

/**
 * The company's agents and board members, and how to name whoever an id points at. Names fall back to a generic word
 * while the lists load, or for someone no longer in the company.
 */
export function usePeople(companyId: string) {
  const { user } = useBoard();
  const agents = useAgents(companyId);
  const members = useMembers(companyId);
  const agentNames = new Map((agents.data ?? []).map((agent) => [agent.id, agent.name]));
  const userNames = new Map((members.data ?? []).map((member) => [member.userId, member.name]));
  userNames.set(user.id, user.name);

  const agentName = (agentId: string) => agentNames.get(agentId) ?? "Agent";
  const userName = (userId: string) => userNames.get(userId) ?? "Board user";
  return {
    agents: agents.data ?? [],
    members: members.data ?? [],
    agentName,
    userName,
    /** Whoever wrote or did something, given the record's agent/user id pair. */
    authorName: (agentId: string | null, userId: string | null, fallback: string) => (agentId ? agentName(agentId) : userId ? userName(userId) : fallback),
    /** Who an issue is assigned to, or null. */
    assigneeName: (issue: { assigneeAgentId: string | null; assigneeUserId: string | null }) =>
      issue.assigneeAgentId ? agentName(issue.assigneeAgentId) : issue.assigneeUserId ? userName(issue.assigneeUserId) : null,
  };
}

export type People = ReturnType<typeof usePeople>;

/** A review stage's participant (or the work's executor) by name; "nobody" when the stage names none. */
export function principalName(principal: Principal | null | undefined, people: People) {
  if (!principal) return "nobody";
  return principal.type === "agent" ? people.agentName(principal.agentId) : people.userName(principal.userId);
}
