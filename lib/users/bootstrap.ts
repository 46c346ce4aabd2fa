import "server-only";
import { recordActivity } from "../activity/record";
import { hashPassword } from "../auth/password";
import { db } from "../db/client";
import { Conflict } from "../errors";
import type { z } from "zod";
import type { firstAdminBody } from "../schemas/users";

// Serialises first-admin creation across requests and app instances.
const FIRST_ADMIN_LOCK = 72707370;

export async function isSetupPending(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/** The one-time "create the first admin" path: succeeds only while no user exists, even under races. */
export async function createFirstAdmin(input: z.output<typeof firstAdminBody>) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`;
    if ((await tx.user.count()) > 0) throw new Conflict("Setup is already complete; sign in instead", "setup_complete");
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, isInstanceAdmin: true } });
    await recordActivity(tx, null, null, {
      companyId: null,
      action: "user.first_admin_created",
      entityType: "user",
      entityId: user.id,
      details: { email: user.email },
    });
    return user;
  });
}

/** Boot-time bootstrap from ADMIN_EMAIL / ADMIN_PASSWORD, only when the instance has no users yet. */
export async function ensureAdminFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<"created" | "skipped"> {
  const email = env.ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.ADMIN_PASSWORD;
  if (!email || !password) return "skipped";
  try {
    await createFirstAdmin({ email, password, name: env.ADMIN_NAME?.trim() || email.split("@")[0] });
    return "created";
  } catch (error) {
    if (error instanceof Conflict) return "skipped";
    throw error;
  }
}
