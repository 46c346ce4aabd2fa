import "server-only";
import { recordActivity } from "../activity/record";
import { displayPrefix, generateApiKeyToken, hashApiKeyToken } from "../auth/api-keys";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS } from "../auth/permissions";
import { db } from "../db/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, NotFound } from "../errors";
import type { CreateAgentKeyInput } from "../schemas/agents";
import { GET_AGENT_ERRORS, getAgent, requireSelfOrBoardAccess } from "./agents";

const KEYLESS_STATUSES = new Set(["pending_approval", "terminated"]);

/** agentForKeyManagement's refusals; revoking also answers 404 for an unknown key. */
export const AGENT_KEY_ERRORS = [...GET_AGENT_ERRORS, ...COMPANY_ACCESS_ERRORS, "agent_permission_required"] as const satisfies readonly ErrorCode[];

async function agentForKeyManagement(actor: Actor, agentRef: string, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireSelfOrBoardAccess(actor, agent, "act", "keys");
  return agent;
}

export const CREATE_AGENT_KEY_ERRORS = [...AGENT_KEY_ERRORS, "agent_not_keyable"] as const satisfies readonly ErrorCode[];

/** Returns the plaintext token once; only its sha256 is stored. */
export async function createAgentKey(actor: Actor, runId: string | null, agentRef: string, input: CreateAgentKeyInput, companyId?: string | null) {
  const agent = await agentForKeyManagement(actor, agentRef, companyId);
  if (KEYLESS_STATUSES.has(agent.status)) throw new Conflict(`Cannot create keys for an agent that is ${agent.status}`, "agent_not_keyable");
  const token = generateApiKeyToken("agent");
  const key = await db.$transaction(async (tx) => {
    const created = await tx.agentApiKey.create({
      data: { agentId: agent.id, companyId: agent.companyId, name: input.name ?? "default", keyHash: hashApiKeyToken(token), keyPrefix: displayPrefix(token) },
    });
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent_key.created",
      entityType: "agent",
      entityId: agent.id,
      details: { keyId: created.id, name: created.name },
    });
    return created;
  });
  return { key, token };
}

export async function listAgentKeys(actor: Actor, agentRef: string, companyId?: string | null) {
  const agent = await agentForKeyManagement(actor, agentRef, companyId);
  return db.agentApiKey.findMany({ where: { agentId: agent.id, companyId: agent.companyId }, orderBy: { createdAt: "desc" } });
}

export async function revokeAgentKey(actor: Actor, runId: string | null, agentRef: string, keyId: string) {
  const agent = await agentForKeyManagement(actor, agentRef);
  await db.$transaction(async (tx) => {
    const revoked = await tx.agentApiKey.updateMany({
      where: { id: keyId, agentId: agent.id, companyId: agent.companyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) {
      const exists = await tx.agentApiKey.findFirst({ where: { id: keyId, agentId: agent.id }, select: { id: true } });
      if (!exists) throw new NotFound("Key");
      return;
    }
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent_key.revoked",
      entityType: "agent",
      entityId: agent.id,
      details: { keyId },
    });
  });
  return { ok: true as const };
}
