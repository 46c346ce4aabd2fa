import "server-only";
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
  try {
    return await db.user.create({
      data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), isInstanceAdmin: input.isInstanceAdmin ?? false },
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
  return db.user.update({
    where: { id: userId },
    data: {
      name: input.name,
      isInstanceAdmin: input.isInstanceAdmin,
      passwordHash: input.password ? await hashPassword(input.password) : undefined,
      disabledAt: input.disabled === undefined ? undefined : input.disabled ? (user.disabledAt ?? new Date()) : null,
    },
  });
}
