import "server-only";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import type { ActivityLog, Prisma } from "../db/generated/client";
import { findIssue } from "../issues/find";
import { recordActivity } from "./record";

export function serializeActivity(row: ActivityLog) {
  return {
    id: row.id,
    companyId: row.companyId,
    actorType: row.actorType,
    actorId: row.actorId,
    agentId: row.agentId,
    runId: row.runId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  };
}

export type ActivityFilter = { entityType?: string; entityId?: string; agentId?: string; before?: string; limit?: number };

/** Newest first; `before` (an ISO time) pages back. */
export async function listCompanyActivity(actor: Actor, companyId: string, filter: ActivityFilter) {
  requireCompanyAccess(actor, companyId, "read");
  return db.activityLog.findMany({
    where: {
      companyId,
      ...(filter.entityType ? { entityType: filter.entityType } : {}),
      ...(filter.entityId ? { entityId: filter.entityId } : {}),
      ...(filter.agentId ? { agentId: filter.agentId } : {}),
      ...(filter.before ? { createdAt: { lt: new Date(filter.before) } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit ?? 100,
  });
}

/**
 * The newest 500 entries, oldest first (a long-lived issue keeps its latest events, which are what a reader needs);
 * `excludeComments` leaves out the comment entries, which would crowd every other event out of a long thread.
 */
export async function listIssueActivity(actor: Actor, ref: string, options: { excludeComments?: boolean } = {}) {
  const issue = await findIssue(actor, ref);
  const newest = await db.activityLog.findMany({
    where: {
      companyId: issue.companyId,
      entityType: "issue",
      entityId: issue.id,
      ...(options.excludeComments ? { action: { not: "issue.comment_added" } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return newest.reverse();
}

/** Agents and the board may log their own entries; the actor is always the caller, never what the body claims. */
export async function createActivityEntry(
  actor: Actor,
  runId: string | null,
  companyId: string,
  input: { action: string; entityType: string; entityId: string; details?: Record<string, unknown> | null },
) {
  requireCompanyAccess(actor, companyId, "act");
  return db.$transaction((tx) =>
    recordActivity(tx, actor, runId, {
      companyId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      details: (input.details ?? {}) as Prisma.InputJsonObject,
    }),
  );
}
