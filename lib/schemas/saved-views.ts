import { z } from "zod";

export const savedViewFields = {
  name: z.string().trim().min(1, { error: "A view needs a name" }).max(80),
  query: z
    .string()
    .trim()
    .max(2000)
    .refine((value) => !value.startsWith("?"), { error: "The search string without its leading ?" })
    .describe('The issues page\'s URL search string without "?", e.g. "status=todo,in_progress&sort=updated"'),
};

export const createSavedViewBody = z.strictObject(savedViewFields);
/** Rename a view or replace its query; fields left out keep their value. */
export const updateSavedViewBody = z.strictObject({ name: savedViewFields.name.optional(), query: savedViewFields.query.optional() });

export type CreateSavedViewInput = z.output<typeof createSavedViewBody>;
export type UpdateSavedViewInput = z.output<typeof updateSavedViewBody>;
