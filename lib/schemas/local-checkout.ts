import { z } from "zod";

/** A folder on the server, as a project workspace's `cwd` takes it: absolute, so it never depends on the server's own folder. */
export const localCheckoutQuery = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1, { error: "Required: an absolute folder path on the server", abort: true })
    .max(1_000)
    .refine((value) => !value.includes("\0"), { error: "Must not contain a NUL character" })
    .refine((value) => value.startsWith("/"), { error: "Must be an absolute path" })
    .describe("Absolute path of a folder on the server, e.g. /home/me/src/app"),
});

export type LocalCheckoutQuery = z.infer<typeof localCheckoutQuery>;
