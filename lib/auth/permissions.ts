import "server-only";
import { sqlRows } from "../db/sql";
import { Forbidden, NotFound } from "../errors";
import { isUuid } from "../schemas/agents";
import type { ErrorCode } from "../error-codes";
import type { Actor, AgentActor, BoardActor, CompanyRole } from "./actor";

/** read: see it; act: change things in it; admin: manage members and company settings. */
export type CompanyNeed = "read" | "act" | "admin";

const ROLE_ALLOWS: Record<CompanyRole, readonly CompanyNeed[]> = {
  owner: ["read", "act", "admin"],
  operator: ["read", "act"],
  viewer: ["read"],
};

function boardRole(actor: BoardActor, companyId: string): CompanyRole | null {
  if (actor.restrictedToCompanyId && actor.restrictedToCompanyId !== companyId) return null;
  if (actor.isInstanceAdmin) return "owner";
  return actor.memberships[companyId] ?? null;
}

/** Whether a board user's role in the company allows `need`; agents act only in their own company. */
export function hasCompanyAccess(actor: Actor, companyId: string, need: CompanyNeed): boolean {
  if (actor.type === "agent") return actor.companyId === companyId && need !== "admin";
  const role = boardRole(actor, companyId);
  return role !== null && ROLE_ALLOWS[role].includes(need);
}

/** What requireCompanyAccess refuses with, whatever the level asked for. */
export const COMPANY_ACCESS_ERRORS = ["not_found", "board_required", "insufficient_role"] as const satisfies readonly ErrorCode[];

/**
 * The single company gate. Outsiders get 404 so ids of other companies reveal nothing;
 * members without the right get 403.
 */
export function requireCompanyAccess(actor: Actor, companyId: string, need: CompanyNeed): void {
  if (actor.type === "agent") {
    if (actor.companyId !== companyId) throw new NotFound("Company");
    if (need === "admin") throw new Forbidden("Board access required", "board_required");
    return;
  }
  const role = boardRole(actor, companyId);
  if (!role) throw new NotFound("Company");
  if (!ROLE_ALLOWS[role].includes(need)) {
    throw new Forbidden(need === "admin" ? "Only company owners can do this" : "Viewers can read but not act", "insufficient_role");
  }
}

/**
 * Fields that decide what runs on the server (commands, paths, runtime config) are for company owners only: a
 * request naming any of `fields` needs the admin level, with a 403 saying which fields.
 */
export function requireOwnerFor(
  actor: Actor,
  companyId: string,
  fields: readonly string[],
  message = `Only company owners can change ${fields.join(", ")}`,
): void {
  if (fields.length && !hasCompanyAccess(actor, companyId, "admin")) throw new Forbidden(message, "owner_required");
}

/** Paths, commands and runtime config decide what runs on this server, and where, so only company owners set or probe them. */
export function requireServerPathOwner(actor: Actor, companyId: string): asserts actor is BoardActor {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "admin");
}

/** Prisma `where` fragment limiting rows to companies the actor can see. */
export function companyScope(actor: Actor): { companyId?: string | { in: string[] } } {
  if (actor.type === "agent") return { companyId: actor.companyId };
  if (actor.restrictedToCompanyId) return { companyId: actor.restrictedToCompanyId };
  if (actor.isInstanceAdmin) return {};
  return { companyId: { in: Object.keys(actor.memberships) } };
}

export function requireInstanceAdmin(actor: Actor): asserts actor is BoardActor {
  if (actor.type !== "board" || !actor.isInstanceAdmin) throw new Forbidden("Instance admin required", "instance_admin_required");
}

export function requireBoard(actor: Actor): asserts actor is BoardActor {
  if (actor.type !== "board") throw new Forbidden("Board access required", "board_required");
}

/** What belongs to an agent (file marks, thoughts, logged costs) is written by that agent only. */
export function requireAgentActor(actor: Actor): asserts actor is AgentActor {
  if (actor.type !== "agent") throw new Forbidden("Only agents may do this; board users can read it", "agent_only");
}

/**
 * Instance admins reach every company without a membership, so for them access alone does not prove the company
 * exists: a route's company id is looked up once, and a missing company is 404 like an unknown one for anyone else.
 * Members' and agents' companies exist by their own rows.
 */
export async function requireCompanyExists(actor: Actor, companyId: string) {
  if (actor.type !== "board" || !actor.isInstanceAdmin || actor.memberships[companyId] || !isUuid(companyId)) return;
  const found = await sqlRows<{ id: string }>("SELECT id FROM companies WHERE id = $1::uuid", [companyId]);
  if (!found.length) throw new NotFound("Company");
}
