import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { db } from "../db/client";
import { Unauthorized } from "../errors";
import { hashApiKeyToken, keyKindOf } from "./api-keys";

export type CompanyRole = "owner" | "operator" | "viewer";
export const COMPANY_ROLES: readonly CompanyRole[] = ["owner", "operator", "viewer"];

export type BoardActor = {
  type: "board";
  userId: string;
  isInstanceAdmin: boolean;
  source: "session" | "board_key";
  keyId: string | null;
  /** companyId → role for every membership. */
  memberships: Record<string, CompanyRole>;
  /** A board key created for one company only reaches that company. */
  restrictedToCompanyId: string | null;
};

export type AgentActor = {
  type: "agent";
  agentId: string;
  companyId: string;
  keyId: string;
  source: "agent_key";
};

export type Actor = BoardActor | AgentActor;

// Agents in these states may not act, even with a valid key.
const LOCKED_AGENT_STATUSES = new Set(["terminated", "pending_approval"]);
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Bearer first: a request that carries an Authorization header is judged by it alone and never falls back to the
 * session cookie, so a revoked key cannot ride on a browser session.
 */
export async function resolveActor(request: NextRequest): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return resolveBearer(authorization);
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  const token = await getToken({ req: request, secret });
  if (!token?.sub) return null;
  return loadBoardActor(token.sub, "session", null, null);
}

async function resolveBearer(authorization: string): Promise<Actor> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new Unauthorized("Authorization header must be `Bearer <token>`", "invalid_authorization");
  const token = match[1];
  const kind = keyKindOf(token);
  const keyHash = hashApiKeyToken(token);
  if (kind === "board") {
    const key = await db.boardApiKey.findUnique({ where: { keyHash } });
    if (key && !key.revokedAt && (!key.expiresAt || key.expiresAt > new Date())) {
      touchLastUsed("board", key.id, key.lastUsedAt);
      const actor = await loadBoardActor(key.userId, "board_key", key.id, key.requestedCompanyId);
      if (actor) return actor;
    }
  } else if (kind === "agent") {
    const key = await db.agentApiKey.findUnique({ where: { keyHash }, include: { agent: { select: { status: true } } } });
    if (key && !key.revokedAt && !LOCKED_AGENT_STATUSES.has(key.agent.status)) {
      touchLastUsed("agent", key.id, key.lastUsedAt);
      return { type: "agent", agentId: key.agentId, companyId: key.companyId, keyId: key.id, source: "agent_key" };
    }
  }
  throw new Unauthorized("Invalid or revoked API key", "invalid_api_key");
}

async function loadBoardActor(
  userId: string,
  source: BoardActor["source"],
  keyId: string | null,
  restrictedToCompanyId: string | null,
): Promise<BoardActor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, isInstanceAdmin: true, disabledAt: true, memberships: { select: { companyId: true, role: true } } },
  });
  if (!user || user.disabledAt) return null;
  return {
    type: "board",
    userId: user.id,
    isInstanceAdmin: user.isInstanceAdmin,
    source,
    keyId,
    memberships: Object.fromEntries(user.memberships.map((m) => [m.companyId, m.role as CompanyRole])),
    restrictedToCompanyId,
  };
}

/** lastUsedAt at one-minute resolution: one write per key per minute instead of one per request. */
function touchLastUsed(kind: "board" | "agent", id: string, lastUsedAt: Date | null) {
  const now = new Date();
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const update = kind === "board" ? db.boardApiKey.update({ where: { id }, data: { lastUsedAt: now } }) : db.agentApiKey.update({ where: { id }, data: { lastUsedAt: now } });
  update.catch(() => undefined);
}
