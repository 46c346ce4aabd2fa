import "server-only";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Label } from "../db/generated/client";
import { Conflict } from "../errors";

export function serializeLabel(label: Label) {
  return { id: label.id, companyId: label.companyId, name: label.name, color: label.color, createdAt: label.createdAt.toISOString() };
}

export async function listLabels(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  return db.label.findMany({ where: { companyId }, orderBy: { name: "asc" } });
}

export async function createLabel(actor: Actor, companyId: string, input: { name: string; color: string }) {
  requireCompanyAccess(actor, companyId, "act");
  try {
    return await db.label.create({ data: { companyId, name: input.name, color: input.color } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(`A label named "${input.name}" exists already`, "label_exists");
    throw error;
  }
}
