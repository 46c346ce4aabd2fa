import "server-only";
import { recordActivity } from "../activity/record";
import { displayPrefix, generateApiKeyToken, hashApiKeyToken } from "../auth/api-keys";
import type { BoardActor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import type { BoardApiKey } from "../db/generated/client";
import { NotFound, Unprocessable } from "../errors";
import type { CreateBoardKeyInput } from "../schemas/access";

const DEFAULT_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export function serializeBoardKey(key: BoardApiKey) {
  return {
    id: key.id,
    name: key.name,
    keyPrefix: key.keyPrefix,
    requestedCompanyId: key.requestedCompanyId,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
  };
}

/** The token is returned once, here; only its sha256 is kept. */
export async function createBoardKey(actor: BoardActor, input: CreateBoardKeyInput) {
  if (input.requestedCompanyId) requireCompanyAccess(actor, input.requestedCompanyId, "read");
  const expiresAt = input.expiresAt === null ? null : input.expiresAt ? new Date(input.expiresAt) : new Date(Date.now() + DEFAULT_LIFETIME_MS);
  if (expiresAt && expiresAt <= new Date()) throw Unprocessable.field("expiresAt", "Must be in the future");
  const token = generateApiKeyToken("board");
  const key = await db.$transaction(async (tx) => {
    const created = await tx.boardApiKey.create({
      data: {
        userId: actor.userId,
        name: input.name ?? "paperclipai cli",
        keyHash: hashApiKeyToken(token),
        keyPrefix: displayPrefix(token),
        // A key made through a company-limited key stays limited to that company.
        requestedCompanyId: input.requestedCompanyId ?? actor.restrictedToCompanyId,
        expiresAt,
      },
    });
    await recordActivity(tx, actor, null, {
      companyId: null,
      action: "board_key.created",
      entityType: "board_api_key",
      entityId: created.id,
      details: { name: created.name },
    });
    return created;
  });
  return { ...serializeBoardKey(key), token };
}

export async function listBoardKeys(actor: BoardActor, options: { includeInactive?: boolean }) {
  const now = new Date();
  return db.boardApiKey.findMany({
    where: { userId: actor.userId, ...(options.includeInactive ? {} : { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }) },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeBoardKey(actor: BoardActor, keyId: string) {
  await db.$transaction(async (tx) => {
    const revoked = await tx.boardApiKey.updateMany({ where: { id: keyId, userId: actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 1) {
      await recordActivity(tx, actor, null, { companyId: null, action: "board_key.revoked", entityType: "board_api_key", entityId: keyId });
    } else if (!(await tx.boardApiKey.findFirst({ where: { id: keyId, userId: actor.userId }, select: { id: true } }))) {
      throw new NotFound("Board API key");
    }
  });
  return { ok: true as const, keyId };
}
