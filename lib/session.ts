import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { CompanyRole } from "./auth/actor";
import { authOptions } from "./auth/options";
import { db } from "./db/client";
import { serializeMembership, serializeUser } from "./users/serialize";

export const COMPANY_COOKIE = "sb_company";

export type BoardUser = ReturnType<typeof serializeUser>;
export type Membership = ReturnType<typeof serializeMembership>;
export type CompanySummary = { id: string; name: string; issuePrefix: string; role: CompanyRole | null };

export type BoardSession = { user: BoardUser; memberships: Membership[]; isInstanceAdmin: boolean };

/** The user id from the next-auth JWT, or null; says nothing about whether the user may still sign in. */
export async function sessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id ? id : null;
}

/**
 * The signed-in board user, read fresh from the database: a disabled or deleted user counts as signed out even while
 * their JWT is still valid. Cached per request so the layout and the page share one query.
 */
export const loadBoardSession = cache(async (): Promise<BoardSession | null> => {
  const userId = await sessionUserId();
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { company: { select: { id: true, name: true, issuePrefix: true } } }, orderBy: { createdAt: "asc" } } },
  });
  if (!user || user.disabledAt) return null;
  return { user: serializeUser(user), memberships: user.memberships.map(serializeMembership), isInstanceAdmin: user.isInstanceAdmin };
});

export async function requireBoardSession(): Promise<BoardSession> {
  const session = await loadBoardSession();
  if (!session) redirect("/login");
  return session;
}

/** Companies the user can open: every company for instance admins, their memberships otherwise. */
export const accessibleCompanies = cache(async (memberships: Membership[], isInstanceAdmin: boolean): Promise<CompanySummary[]> => {
  const roles = new Map(memberships.map((m) => [m.companyId, m.role as CompanyRole]));
  if (!isInstanceAdmin) return memberships.map((m) => ({ id: m.companyId, name: m.companyName, issuePrefix: m.issuePrefix, role: m.role as CompanyRole }));
  const companies = await db.company.findMany({ select: { id: true, name: true, issuePrefix: true }, orderBy: { createdAt: "asc" } });
  return companies.map((c) => ({ ...c, role: roles.get(c.id) ?? null }));
});

/** The company chosen in the switcher (cookie `sb_company`) if still accessible, else the first accessible one. */
export async function currentCompanyId(memberships: Membership[], isInstanceAdmin: boolean): Promise<string | null> {
  const companies = await accessibleCompanies(memberships, isInstanceAdmin);
  const chosen = (await cookies()).get(COMPANY_COOKIE)?.value;
  if (chosen && companies.some((c) => c.id === chosen)) return chosen;
  return companies[0]?.id ?? null;
}

export type BoardContext = BoardSession & {
  companies: CompanySummary[];
  companyId: string | null;
  /** Effective role in the current company; instance admins act as owners everywhere. */
  role: CompanyRole | null;
  canAct: boolean;
  canAdmin: boolean;
};

/** Everything a board page needs to know about the caller and the current company. */
export const requireBoardContext = cache(async (): Promise<BoardContext> => {
  const session = await requireBoardSession();
  const companies = await accessibleCompanies(session.memberships, session.isInstanceAdmin);
  const companyId = await currentCompanyId(session.memberships, session.isInstanceAdmin);
  const membershipRole = companies.find((c) => c.id === companyId)?.role ?? null;
  const role: CompanyRole | null = companyId ? (session.isInstanceAdmin ? "owner" : membershipRole) : null;
  return { ...session, companies, companyId, role, canAct: role === "owner" || role === "operator", canAdmin: role === "owner" };
});
