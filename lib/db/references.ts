import "server-only";
import { Unprocessable, type InvalidParam } from "../errors";
import { db } from "./client";

type ReferenceModel = "agent" | "goal" | "project" | "user";
export type Reference = { field: string; model: ReferenceModel; ids: readonly (string | null | undefined)[] };

async function existingIds(model: ReferenceModel, companyId: string, ids: string[]): Promise<Set<string>> {
  const select = { id: true } as const;
  const rows =
    model === "agent"
      ? await db.agent.findMany({ where: { companyId, id: { in: ids } }, select })
      : model === "goal"
        ? await db.goal.findMany({ where: { companyId, id: { in: ids } }, select })
        : model === "project"
          ? await db.project.findMany({ where: { companyId, id: { in: ids } }, select })
          : (await db.companyMembership.findMany({ where: { companyId, userId: { in: ids } }, select: { userId: true } })).map((m) => ({ id: m.userId }));
  return new Set(rows.map((row) => row.id));
}

/**
 * Every id a request points at must belong to the same company; all misses are reported together as 422,
 * which also keeps other companies' ids from being probed.
 */
export async function requireCompanyReferences(companyId: string, references: Reference[]): Promise<void> {
  const invalid: InvalidParam[] = [];
  for (const reference of references) {
    const ids = [...new Set(reference.ids.filter((id): id is string => typeof id === "string"))];
    if (ids.length === 0) continue;
    const found = await existingIds(reference.model, companyId, ids);
    for (const id of ids) if (!found.has(id)) invalid.push({ name: reference.field, reason: `No ${reference.model} ${id} in this company` });
  }
  if (invalid.length) throw new Unprocessable(invalid.map((p) => `${p.name}: ${p.reason}`).join("; "), "invalid_reference", { invalidParams: invalid });
}
