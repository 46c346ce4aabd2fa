import { z } from "zod";

export const workflowBody = z.strictObject({
  source: z
    .string()
    .min(1, { error: "The workflow document is empty" })
    .max(256 * 1024)
    .describe("The workflow as YAML in the seed format"),
});

export const attachmentBody = z.strictObject({
  type: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_./-]*$/, { error: "Lowercase letters, digits and . _ / -" })
    .describe("A type from the workflow: note, plan, diff, gate/tests, …"),
  content: z.string(),
  mime: z.string().trim().min(1).max(100).optional().describe("Defaults to the type's mime"),
});
