import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { hashPassword } from "../auth/password";
import { requireInstanceAdmin } from "../auth/permissions";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { Conflict, NotFound } from "../errors";
import type { CreateUserInput, UpdateUserInput } from "../schemas/users";

export async function listUsers(actor: Actor) {
  requireInstanceAdmin(actor);
  return db.user.findMany({ orderBy: { createdAt: "asc" } });
}

export async function createUser(actor: Actor, input: CreateUserInput) {
  requireInstanceAdmin(actor);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, isInstanceAdmin: input.isInstanceAdmin ?? false } });
      await recordActivity(tx, actor, null, {
        companyId: null,
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        details: { email: user.email, isInstanceAdmin: user.isInstanceAdmin },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(`A user with email ${input.email} already exists`, "email_taken");
    throw error;
  }
}

export async function updateUser(actor: Actor, userId: string, input: UpdateUserInput) {
  requireInstanceAdmin(actor);
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFound("User");
  const losesAdmin = input.isInstanceAdmin === false || input.disabled === true;
  if (losesAdmin && user.isInstanceAdmin) {
    const otherAdmins = await db.user.count({ where: { isInstanceAdmin: true, disabledAt: null, NOT: { id: userId } } });
    if (otherAdmins === 0) throw new Conflict("This is the last active instance admin; make someone else admin first", "last_admin");
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        name: input.name,
        isInstanceAdmin: input.isInstanceAdmin,
        passwordHash,
        disabledAt: input.disabled === undefined ? undefined : input.disabled ? (user.disabledAt ?? new Date()) : null,
      },
    });
    // Which fields changed, never their values: a password must not reach the log.
    await recordActivity(tx, actor, null, {
      companyId: null,
      action: "user.updated",
      entityType: "user",
      entityId: userId,
      details: { fields: Object.keys(input) },
    });
    return updated;
  });
}
