import { z } from "zod";

// Request bodies of company export and import (lib/portability). The bundle itself is checked by the importer, which
// names bad fields as `bundle.<path>` in a 422, so a version it does not know is told apart from a malformed body.

export const exportCompanyBody = z.strictObject({
  include: z.record(z.string(), z.boolean()).optional().describe("Accepted for Paperclip clients; a Switchboard bundle always holds the whole company"),
  gzip: z.boolean().optional().describe("Answer application/gzip with a Content-Disposition file name instead of JSON"),
});

export const exportCompanyQuery = z.strictObject({
  gzip: z.enum(["0", "1", "true", "false"]).optional().describe("Same as body.gzip"),
});

const importTarget = z
  .discriminatedUnion("mode", [
    z.strictObject({
      mode: z.literal("new_company"),
      name: z.string().trim().min(1).max(200).optional().describe("The new company's name; the bundle's when absent"),
      newCompanyName: z.string().trim().min(1).max(200).nullable().optional().describe("Paperclip's spelling of `name`"),
      issuePrefix: z
        .string()
        .regex(/^[A-Z][A-Z0-9]{1,9}$/, { error: "2–10 capital letters or digits, starting with a letter" })
        .optional()
        .describe("The new company's issue prefix; the bundle's (or a free variant of it) when absent"),
    }),
    z.strictObject({
      mode: z.literal("existing_company"),
      companyId: z.uuid().optional().describe("Paperclip names the target here; it must be the path's company"),
    }),
  ])
  .describe("Where the bundle goes: a new company, or the company in the path");

const paperclipFile = z.union([z.string(), z.strictObject({ encoding: z.literal("base64"), data: z.string(), contentType: z.string().nullable().optional() })]);

export const importCompanyBody = z.strictObject({
  bundle: z.record(z.string(), z.unknown()).optional().describe("A Switchboard bundle, or the body Paperclip's POST /api/companies/:id/exports returns"),
  bundleGzipBase64: z.string().min(1).optional().describe("The same, gzipped and base64-encoded"),
  source: z
    .strictObject({
      type: z.literal("inline"),
      rootPath: z.string().nullable().optional(),
      manifest: z.record(z.string(), z.unknown()).optional(),
      files: z.record(z.string(), paperclipFile),
    })
    .optional()
    .describe("Paperclip's import source: its exported files (and manifest) inline"),
  target: importTarget,
});

export type ImportCompanyBody = z.infer<typeof importCompanyBody>;
export type ImportTarget = ImportCompanyBody["target"];
