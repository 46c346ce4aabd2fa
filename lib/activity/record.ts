import "server-only";
import type { Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";

export type ActivityInput = {
  /** null for instance-level actions such as board users and board API keys. */
  companyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details?: Prisma.InputJsonObject;
};

/** Every mutation writes one row, inside the mutation's own transaction, so history can't drift from state. */
export async function recordActivity(tx: Tx, actor: Actor | null, runId: string | null, input: ActivityInput) {
  return tx.activityLog.create({
    data: {
      companyId: input.companyId,
      actorType: actor === null ? "system" : actor.type === "agent" ? "agent" : "user",
      actorId: actor === null ? "system" : actor.type === "agent" ? actor.agentId : actor.userId,
      agentId: actor?.type === "agent" ? actor.agentId : null,
      runId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      details: input.details ?? {},
    },
  });
}
