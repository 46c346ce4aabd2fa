import "server-only";
import { cache } from "react";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireBoard, requireInstanceAdmin } from "../auth/permissions";
import { db } from "../db/client";

export type ExperimentalSettings = { enableIsolatedWorkspaces: boolean };
const EXPERIMENTAL_KEY = "experimental";

/** The switches as stored; for server components that already know the viewer is a signed-in board user. */
export async function readExperimental(): Promise<ExperimentalSettings> {
  const row = await db.instanceSetting.findUnique({ where: { key: EXPERIMENTAL_KEY } });
  const stored = (row?.value ?? {}) as Partial<ExperimentalSettings>;
  return { enableIsolatedWorkspaces: stored.enableIsolatedWorkspaces === true };
}

/** Once per page render: the (board) layout and the page both ask. */
export const experimentalForPage = cache(readExperimental);

/** Any board user may read the switches (the UI hides or shows itself by them); agents have no use for them. */
export async function getExperimentalSettings(actor: Actor): Promise<ExperimentalSettings> {
  requireBoard(actor);
  return readExperimental();
}

/** Instance admins only: the switches change what every company on this instance sees. */
export async function updateExperimentalSettings(actor: Actor, input: Partial<ExperimentalSettings>): Promise<ExperimentalSettings> {
  requireInstanceAdmin(actor);
  const next = { ...(await readExperimental()), ...input };
  await db.$transaction(async (tx) => {
    await tx.instanceSetting.upsert({ where: { key: EXPERIMENTAL_KEY }, create: { key: EXPERIMENTAL_KEY, value: next }, update: { value: next } });
    await recordActivity(tx, actor, null, {
      companyId: null,
      action: "instance.settings_updated",
      entityType: "instance",
      entityId: EXPERIMENTAL_KEY,
      details: { ...input },
    });
  });
  return next;
}

export async function getInstanceSettings(actor: Actor) {
  return { experimental: await getExperimentalSettings(actor), general: {} };
}

export async function updateInstanceSettings(actor: Actor, input: { experimental?: Partial<ExperimentalSettings> }) {
  return { experimental: await updateExperimentalSettings(actor, input.experimental ?? {}), general: {} };
}
