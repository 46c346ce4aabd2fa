import "server-only";
import { Unprocessable, type InvalidParam } from "../errors";
import { db } from "./client";

type ReferenceModel = "agent" | "goal" | "project" | "user" | "issue" | "label" | "executionWorkspace" | "environment";
export type Reference = { field: string; model: ReferenceModel; ids: readonly (string | null | undefined)[] };

const select = { id: true } as const;
const LOOKUPS: Record<ReferenceModel, (companyId: string, ids: string[]) => Promise<{ id: string }[]>> = {
  agent: (companyId, ids) => db.agent.findMany({ where: { companyId, id: { in: ids } }, select }),
  goal: (companyId, ids) => db.goal.findMany({ where: { companyId, id: { in: ids } }, select }),
  project: (companyId, ids) => db.project.findMany({ where: { companyId, id: { in: ids } }, select }),
  issue: (companyId, ids) => db.issue.findMany({ where: { companyId, id: { in: ids } }, select }),
  label: (companyId, ids) => db.label.findMany({ where: { companyId, id: { in: ids } }, select }),
  executionWorkspace: (companyId, ids) => db.executionWorkspace.findMany({ where: { companyId, id: { in: ids } }, select }),
  // Only active environments may be chosen; an archived one reads as missing.
  environment: (companyId, ids) => db.environment.findMany({ where: { companyId, id: { in: ids }, status: "active" }, select }),
  // Board users belong to a company through their membership.
  user: async (companyId, ids) =>
    (await db.companyMembership.findMany({ where: { companyId, userId: { in: ids } }, select: { userId: true } })).map((m) => ({ id: m.userId })),
};

/**
 * Every id a request points at must belong to the same company; all misses are reported together as 422,
 * which also keeps other companies' ids from being probed.
 */
export async function requireCompanyReferences(companyId: string, references: Reference[]): Promise<void> {
  const invalid: InvalidParam[] = [];
  for (const reference of references) {
    const ids = [...new Set(reference.ids.filter((id): id is string => typeof id === "string"))];
    if (ids.length === 0) continue;
    const found = new Set((await LOOKUPS[reference.model](companyId, ids)).map((row) => row.id));
    for (const id of ids) if (!found.has(id)) invalid.push({ name: reference.field, reason: `No ${reference.model} ${id} in this company` });
  }
  if (invalid.length) throw new Unprocessable(invalid.map((p) => `${p.name}: ${p.reason}`).join("; "), "invalid_reference", { invalidParams: invalid });
}
