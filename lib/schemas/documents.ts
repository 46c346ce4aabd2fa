import { z } from "zod";
import { issueRef } from "./issues";

export const DOCUMENT_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const DOCUMENT_BODY_MAX_BYTES = 512 * 1024;

export const documentKey = z
  .string()
  .min(1)
  .max(64)
  .regex(DOCUMENT_KEY_PATTERN, { error: "Lowercase letters, digits, _ and -, starting with a letter or digit" })
  .describe("Document key such as `plan`");

export const documentParams = z.strictObject({ id: issueRef, key: documentKey });
export const revisionParams = z.strictObject({ id: issueRef, key: documentKey, revisionId: z.uuid() });

export const putDocumentBody = z.strictObject({
  title: z.string().trim().max(200).nullable().optional(),
  format: z.literal("markdown"),
  body: z.string().refine((text) => Buffer.byteLength(text, "utf8") <= DOCUMENT_BODY_MAX_BYTES, { error: "At most 512 KiB of markdown" }),
  changeSummary: z.string().trim().max(500).nullable().optional(),
  baseRevisionId: z.uuid().nullable().optional().describe("The revision this edit starts from; a stale base is a 409"),
});

export const restoreRevisionBody = z.strictObject({});

export type PutDocumentInput = z.output<typeof putDocumentBody>;
