import "server-only";
import type { Actor } from "../auth/actor";
import { companyScope, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { isRecordGone, isUniqueViolation } from "../db/errors";
import type { Label } from "../db/generated/client";
import { Conflict, NotFound } from "../errors";

export function serializeLabel(label: Label) {
  return { id: label.id, companyId: label.companyId, name: label.name, color: label.color, createdAt: label.createdAt.toISOString() };
}

/** The company's list shows how many issues carry each label (one grouped count, from the issue_labels index). */
export function serializeLabelWithCount(label: Label & { _count: { issues: number } }) {
  return { ...serializeLabel(label), issueCount: label._count.issues };
}

export async function listLabels(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  return db.label.findMany({ where: { companyId }, orderBy: { name: "asc" }, include: { _count: { select: { issues: true } } } });
}

function nameTaken(name: string) {
  return new Conflict(`A label named "${name}" exists already`, "label_exists");
}

export async function createLabel(actor: Actor, companyId: string, input: { name: string; color: string }) {
  requireCompanyAccess(actor, companyId, "act");
  try {
    return await db.label.create({ data: { companyId, name: input.name, color: input.color } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** A label the actor can see; other companies' labels are 404 like unknown ones. */
async function findLabel(actor: Actor, labelId: string) {
  const label = await db.label.findFirst({ where: { id: labelId, ...companyScope(actor) } });
  if (!label) throw new NotFound("Label");
  return label;
}

export async function updateLabel(actor: Actor, labelId: string, input: { name?: string; color?: string }) {
  const label = await findLabel(actor, labelId);
  requireCompanyAccess(actor, label.companyId, "act");
  try {
    return await db.label.update({ where: { id: label.id }, data: input });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? label.name);
    if (isRecordGone(error)) throw new NotFound("Label");
    throw error;
  }
}

/** Deleting a label takes it off every issue (issue_labels rows cascade). */
export async function deleteLabel(actor: Actor, labelId: string) {
  const label = await findLabel(actor, labelId);
  requireCompanyAccess(actor, label.companyId, "act");
  await db.label.deleteMany({ where: { id: label.id } });
  return { ok: true as const };
}
