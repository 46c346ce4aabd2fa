import "server-only";
import type { Actor } from "../auth/actor";
import { requireBoard, requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { isRecordGone, isUniqueViolation } from "../db/errors";
import { Conflict, NotFound } from "../errors";
import type { CreateSavedViewInput, UpdateSavedViewInput } from "../schemas/saved-views";

function nameTaken(name: string) {
  return new Conflict(`You already have a view named "${name}"`, "saved_view_name_taken");
}

/** The caller's own views in the company, in name order; views are private, so nobody sees another user's. */
export async function listSavedViews(actor: Actor, companyId: string) {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "read");
  return db.savedView.findMany({ where: { companyId, userId: actor.userId }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}

/** Saving is a write in the company, so like every company write it needs more than the viewer role. */
export async function createSavedView(actor: Actor, companyId: string, input: CreateSavedViewInput) {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "act");
  try {
    return await db.savedView.create({ data: { companyId, userId: actor.userId, name: input.name, query: input.query } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Only the owner finds a view, and only while still in its company; for anyone else it does not exist (404). */
async function findOwnView(actor: Actor, viewId: string) {
  requireBoard(actor);
  const view = await db.savedView.findFirst({ where: { id: viewId, userId: actor.userId } });
  if (!view) throw new NotFound("Saved view");
  requireCompanyAccess(actor, view.companyId, "act");
  return view;
}

export async function updateSavedView(actor: Actor, viewId: string, input: UpdateSavedViewInput) {
  const view = await findOwnView(actor, viewId);
  try {
    return await db.savedView.update({ where: { id: view.id }, data: input });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? view.name);
    if (isRecordGone(error)) throw new NotFound("Saved view");
    throw error;
  }
}

export async function deleteSavedView(actor: Actor, viewId: string) {
  const view = await findOwnView(actor, viewId);
  await db.savedView.deleteMany({ where: { id: view.id } });
  return { ok: true as const };
}
