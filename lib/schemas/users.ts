import { z } from "zod";
import { nonEmptyText } from "./common";
import { MIN_PASSWORD_LENGTH } from "./values";

export { MIN_PASSWORD_LENGTH };

const email = z
  .email({ error: "Must be an email address" })
  .max(320)
  .transform((value) => value.toLowerCase());
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `At least ${MIN_PASSWORD_LENGTH} characters` })
  .max(200);
export const companyRole = z.enum(["owner", "operator", "viewer"]);

export const createUserBody = z.strictObject({
  email,
  name: nonEmptyText.max(200),
  password: password.describe("Initial password; the user can change it later"),
  isInstanceAdmin: z.boolean().optional(),
});

export const updateUserBody = z.strictObject({
  name: nonEmptyText.max(200).optional(),
  password: password.optional(),
  isInstanceAdmin: z.boolean().optional(),
  disabled: z.boolean().optional().describe("Disabled users lose access on their next request"),
});

export const firstAdminBody = z.strictObject({ email, name: nonEmptyText.max(200), password });

export const addMemberBody = z
  .strictObject({ userId: z.uuid().optional(), email: email.optional(), role: companyRole })
  .refine((value) => Boolean(value.userId) !== Boolean(value.email), { error: "Give exactly one of userId or email", path: ["userId"] });

export const updateMemberBody = z.strictObject({ role: companyRole });
export const memberParams = z.strictObject({ companyId: z.uuid(), userId: z.uuid() });
export const userParams = z.strictObject({ userId: z.uuid() });
export const invitationParams = z.strictObject({ companyId: z.uuid(), invitationId: z.uuid().describe("Invitation id") });

export type CreateUserInput = z.output<typeof createUserBody>;
export type UpdateUserInput = z.output<typeof updateUserBody>;
export type AddMemberInput = z.output<typeof addMemberBody>;
