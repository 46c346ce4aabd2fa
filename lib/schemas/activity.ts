import { z } from "zod";
import { booleanFlag, isoDateTime } from "./common";

export const listActivityQuery = z.strictObject({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  agentId: z.uuid().optional(),
  before: isoDateTime.optional().describe("Only entries older than this time"),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const issueActivityQuery = z.strictObject({
  excludeComments: booleanFlag.optional().describe("true leaves out issue.comment_added entries (the comments themselves are listed apart)"),
});

export const createActivityBody = z.strictObject({
  actorType: z.enum(["agent", "user", "system", "plugin"]).optional().describe("Ignored: the caller is always the actor"),
  actorId: z.string().min(1).max(128).optional().describe("Ignored: the caller is always the actor"),
  action: z.string().min(1).max(120),
  entityType: z.string().min(1).max(64),
  entityId: z.string().min(1).max(128),
  agentId: z.uuid().nullable().optional(),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const createLabelBody = z.strictObject({
  name: z.string().trim().min(1).max(48),
  color: z.string().regex(/^#(?:[0-9a-fA-F]{6})$/, { error: "A hex colour such as #22c55e" }),
});

/** Rename or recolour a label; fields left out keep their value. */
export const updateLabelBody = createLabelBody.partial();

export const listWakeupsQuery = z.strictObject({
  status: z.enum(["pending", "claimed", "delivered", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
