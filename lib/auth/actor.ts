import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { db } from "../db/client";
import { sqlRows } from "../db/sql";
import { Unauthorized } from "../errors";
import { hashApiKeyToken, keyKindOf } from "./api-keys";
import { ACTIVE_SESSION_CONDITION, sessionIdentity } from "./sessions";

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
  source: "agent_key" | "run_token";
  /** A run token is bound to its run: the agent acts for that run only. */
  boundRunId?: string;
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
  const identity = sessionIdentity(await getToken({ req: request, secret }));
  if (!identity) return null;
  const [row] = await sqlRows<BoardRow>(BOARD_BY_SESSION, [identity.sessionId, identity.userId]);
  return row ? boardActor(row, "session") : null;
}

type BoardRow = {
  key_id: string | null;
  user_id: string;
  is_instance_admin: boolean;
  requested_company_id: string | null;
  last_used_at: Date | null;
  memberships: Record<string, CompanyRole>;
};

// One round trip per request: the key (if any), the user and every membership together.
const BOARD_BY_KEY = `
  SELECT k.id AS key_id, u.id AS user_id, u.is_instance_admin, k.requested_company_id, k.last_used_at,
         COALESCE(jsonb_object_agg(m.company_id, m.role) FILTER (WHERE m.company_id IS NOT NULL), '{}'::jsonb) AS memberships
    FROM board_api_keys k JOIN users u ON u.id = k.user_id LEFT JOIN company_memberships m ON m.user_id = u.id
   WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AND u.disabled_at IS NULL
   GROUP BY k.id, u.id`;
const BOARD_BY_USER = `
  SELECT NULL::uuid AS key_id, u.id AS user_id, u.is_instance_admin, NULL::uuid AS requested_company_id, NULL::timestamptz AS last_used_at,
         COALESCE(jsonb_object_agg(m.company_id, m.role) FILTER (WHERE m.company_id IS NOT NULL), '{}'::jsonb) AS memberships
    FROM users u LEFT JOIN company_memberships m ON m.user_id = u.id
   WHERE u.id = $1::uuid AND u.disabled_at IS NULL
   GROUP BY u.id`;
// A cookie session counts only while its sign-in is on record: signed out, expired or unknown sessions are signed out.
const BOARD_BY_SESSION = `
  SELECT NULL::uuid AS key_id, u.id AS user_id, u.is_instance_admin, NULL::uuid AS requested_company_id, NULL::timestamptz AS last_used_at,
         COALESCE(jsonb_object_agg(m.company_id, m.role) FILTER (WHERE m.company_id IS NOT NULL), '{}'::jsonb) AS memberships
    FROM user_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN company_memberships m ON m.user_id = u.id
   WHERE ${ACTIVE_SESSION_CONDITION}
   GROUP BY u.id`;
const AGENT_BY_RUN_TOKEN = `
  SELECT r.id AS run_id, r.agent_id, r.company_id, a.status AS agent_status
    FROM heartbeat_runs r JOIN agents a ON a.id = r.agent_id
   WHERE r.token_hash = $1 AND r.status = 'running'`;
const AGENT_BY_KEY = `
  SELECT k.id AS key_id, k.agent_id, k.company_id, k.last_used_at, a.status AS agent_status
    FROM agent_api_keys k JOIN agents a ON a.id = k.agent_id
   WHERE k.key_hash = $1 AND k.revoked_at IS NULL`;

function boardActor(row: BoardRow, source: BoardActor["source"]): BoardActor {
  return {
    type: "board",
    userId: row.user_id,
    isInstanceAdmin: row.is_instance_admin,
    source,
    keyId: row.key_id,
    memberships: row.memberships,
    restrictedToCompanyId: row.requested_company_id,
  };
}

async function resolveBearer(authorization: string): Promise<Actor> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new Unauthorized("Authorization header must be `Bearer <token>`", "invalid_authorization");
  const token = match[1];
  const kind = keyKindOf(token);
  const keyHash = hashApiKeyToken(token);
  if (kind === "board") {
    const [row] = await sqlRows<BoardRow>(BOARD_BY_KEY, [keyHash]);
    if (row) {
      touchLastUsed("board", row.key_id!, row.last_used_at);
      return boardActor(row, "board_key");
    }
  } else if (kind === "agent") {
    const [key] = await sqlRows<{ key_id: string; agent_id: string; company_id: string; last_used_at: Date | null; agent_status: string }>(AGENT_BY_KEY, [
      keyHash,
    ]);
    if (key && !LOCKED_AGENT_STATUSES.has(key.agent_status)) {
      touchLastUsed("agent", key.key_id, key.last_used_at);
      return { type: "agent", agentId: key.agent_id, companyId: key.company_id, keyId: key.key_id, source: "agent_key" };
    }
  } else if (kind === "run") {
    const [run] = await sqlRows<{ run_id: string; agent_id: string; company_id: string; agent_status: string }>(AGENT_BY_RUN_TOKEN, [keyHash]);
    if (run && !LOCKED_AGENT_STATUSES.has(run.agent_status)) {
      return { type: "agent", agentId: run.agent_id, companyId: run.company_id, keyId: `run:${run.run_id}`, source: "run_token", boundRunId: run.run_id };
    }
  }
  throw new Unauthorized("Invalid or revoked API key", "invalid_api_key");
}

/** The board user `userId` as an actor, read fresh (no session involved): for work done later in their name. */
export async function loadSessionActor(userId: string): Promise<BoardActor | null> {
  const [row] = await sqlRows<BoardRow>(BOARD_BY_USER, [userId]);
  return row ? boardActor(row, "session") : null;
}

/** lastUsedAt at one-minute resolution: one write per key per minute instead of one per request. */
function touchLastUsed(kind: "board" | "agent", id: string, lastUsedAt: Date | null) {
  const now = new Date();
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const update =
    kind === "board"
      ? db.boardApiKey.update({ where: { id }, data: { lastUsedAt: now } })
      : db.agentApiKey.update({ where: { id }, data: { lastUsedAt: now } });
  update.catch(() => undefined);
}

/** Who did something, as the `actorType` / `actorId` pair of rows the system may also write (null actor). */
export function actorColumns(actor: Actor | null): { actorType: "system" | "agent" | "user"; actorId: string | null } {
  if (actor === null) return { actorType: "system", actorId: null };
  return actor.type === "agent" ? { actorType: "agent", actorId: actor.agentId } : { actorType: "user", actorId: actor.userId };
}

/** Who did something, as the `…AgentId` / `…UserId` column pair every authored row carries. */
export function actorIds(actor: Actor): { agentId: string | null; userId: string | null } {
  return actor.type === "agent" ? { agentId: actor.agentId, userId: null } : { agentId: null, userId: actor.userId };
}
