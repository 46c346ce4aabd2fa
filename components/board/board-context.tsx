"use client";

import { createContext, useContext } from "react";
import type { CompanyRole } from "@/lib/queries/types";
import type { CompanySummary } from "@/lib/session";

export type BoardContextValue = {
  user: { id: string; name: string; email: string };
  isInstanceAdmin: boolean;
  companies: CompanySummary[];
  companyId: string | null;
  experimental: { enableIsolatedWorkspaces: boolean };
};

const BoardContext = createContext<BoardContextValue | null>(null);

/** The signed-in user and their companies, resolved once by the (board) layout on the server. */
export function BoardProvider({ value, children }: { value: BoardContextValue; children: React.ReactNode }) {
  return <BoardContext.Provider value={value}>{children}</BoardContext.Provider>;
}

export function useBoard(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error("useBoard() outside the board layout");
  return value;
}

/** The name of one of the caller's companies, if it is one of them. */
export function useCompanyName(companyId: string | null | undefined): string | undefined {
  return useBoard().companies.find((company) => company.id === companyId)?.name;
}

/** The caller's effective role in a company; instance admins count as owners everywhere (as the API does). */
export function useCompanyRole(companyId: string | null | undefined): CompanyRole | null {
  const { isInstanceAdmin, companies } = useBoard();
  if (!companyId) return null;
  if (isInstanceAdmin) return "owner";
  return companies.find((company) => company.id === companyId)?.role ?? null;
}

/** What the caller may do in a company: viewers read, operators act, owners also administer. */
export function useCompanyPermissions(companyId: string | null | undefined) {
  const role = useCompanyRole(companyId);
  return { role, canAct: role === "owner" || role === "operator", canAdmin: role === "owner" };
}
