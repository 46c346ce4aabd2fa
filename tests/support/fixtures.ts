import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { displayPrefix, generateApiKeyToken, hashApiKeyToken } from "@/lib/auth/api-keys";
import type { CompanyRole } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { startUserSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  token?: string;
  cookie?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: string;
};

export type CallResult = { status: number; headers: Headers; json: any };

export const BASE_URL = "http://localhost:3000";

/** Calls a route handler in-process with a real NextRequest, as Next would. */
export async function callRoute(handler: RouteHandler | undefined, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  if (!handler) throw new Error(`no ${method} handler for ${path}`);
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const request = new NextRequest(`${BASE_URL}${path}${options.query ? `?${options.query}` : ""}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

const unique = () => randomBytes(4).toString("hex");

export async function seedUser(options: { admin?: boolean; memberships?: Record<string, CompanyRole>; password?: string; disabled?: boolean } = {}) {
  const user = await db.user.create({
    data: {
      email: `user-${unique()}@example.com`,
      name: `User ${unique()}`,
      passwordHash: await hashPassword(options.password ?? "password-123"),
      isInstanceAdmin: options.admin ?? false,
      disabledAt: options.disabled ? new Date() : null,
      memberships: { create: Object.entries(options.memberships ?? {}).map(([companyId, role]) => ({ companyId, role })) },
    },
  });
  const token = generateApiKeyToken("board");
  await db.boardApiKey.create({ data: { userId: user.id, name: "test", keyHash: hashApiKeyToken(token), keyPrefix: displayPrefix(token) } });
  return { user, token };
}

export async function seedCompany(name = `Company ${unique()}`) {
  return db.company.create({
    data: {
      name,
      issuePrefix: `T${unique()
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "X")
        .slice(0, 6)}`,
    },
  });
}

export async function seedAgent(companyId: string, options: { name?: string; permissions?: Record<string, boolean>; status?: string } = {}) {
  const name = options.name ?? `Agent ${unique()}`;
  const agent = await db.agent.create({
    data: { companyId, name, urlKey: `agent-${unique()}`, permissions: options.permissions ?? {}, status: options.status ?? "idle" },
  });
  const token = generateApiKeyToken("agent");
  await db.agentApiKey.create({ data: { agentId: agent.id, companyId, name: "test", keyHash: hashApiKeyToken(token), keyPrefix: displayPrefix(token) } });
  return { agent, token };
}

/** A next-auth session cookie for the user, minted the way sign-in does: a recorded session, named by the JWT's `sid`. */
export async function sessionCookie(userId: string): Promise<string> {
  const jwt = await encode({ token: { sub: userId, sid: await startUserSession(userId) }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${jwt}`;
}
