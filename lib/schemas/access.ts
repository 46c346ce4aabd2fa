import { z } from "zod";
import { booleanFlag, isoDateTime } from "./common";

export const createBoardKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional().describe('Label; defaults to "paperclipai cli"'),
  expiresAt: isoDateTime.nullable().optional().describe("Defaults to 30 days from now; null never expires"),
  requestedCompanyId: z.uuid().nullable().optional().describe("Limit the key to one company"),
});

export const listBoardKeysQuery = z.strictObject({ includeInactive: booleanFlag.optional() });
export const boardKeyParams = z.strictObject({ keyId: z.uuid({ error: "Invalid board API key ID" }) });

export type CreateBoardKeyInput = z.output<typeof createBoardKeyBody>;
