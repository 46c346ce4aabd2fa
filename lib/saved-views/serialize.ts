import type { SavedView } from "../db/generated/client";

/** A saved view as the API returns it; the owner is always the caller, so it is not repeated. */
export function serializeSavedView(view: SavedView) {
  return {
    id: view.id,
    companyId: view.companyId,
    name: view.name,
    query: view.query,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
