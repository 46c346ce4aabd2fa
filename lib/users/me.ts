import "server-only";
import type { Actor } from "../auth/actor";
import { serializeAgent } from "../agents/serialize";
import { db } from "../db/client";
import { NotFound } from "../errors";
import { serializeMembership, serializeUser } from "./serialize";

/** Who is calling: the signed-in board user or the key's owner (a board user or an agent). */
export async function describeCaller(actor: Actor) {
  if (actor.type === "agent") {
    const agent = await db.agent.findFirst({ where: { id: actor.agentId, companyId: actor.companyId } });
    if (!agent) throw new NotFound("Agent");
    return { type: "agent" as const, source: actor.source, keyId: actor.keyId, agentId: agent.id, companyId: agent.companyId, agent: serializeAgent(agent) };
  }
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    include: { memberships: { include: { company: { select: { id: true, name: true, issuePrefix: true } } }, orderBy: { createdAt: "asc" } } },
  });
  const memberships = user.memberships.filter((m) => !actor.restrictedToCompanyId || m.companyId === actor.restrictedToCompanyId).map(serializeMembership);
  return {
    type: "board" as const,
    source: actor.source,
    keyId: actor.keyId,
    userId: user.id,
    user: serializeUser(user),
    isInstanceAdmin: user.isInstanceAdmin,
    companyIds: memberships.map((m) => m.companyId),
    memberships,
  };
}
