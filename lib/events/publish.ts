import "server-only";
import type { Tx } from "../db/client";

export const EVENTS_CHANNEL = "switchboard_events";

export type LiveEvent = {
  companyId: string;
  /** e.g. issue.updated, issue.comment_added */
  type: string;
  entityType: string;
  entityId: string;
  issueId?: string;
};

/** NOTIFY is transactional: listeners on every app instance hear it only if and when the change commits. */
export async function publishEvent(tx: Tx, event: LiveEvent) {
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
}

/** An issue's own event: the issue page and lists refetch it. */
export async function publishIssueEvent(tx: Tx, issue: { id: string; companyId: string }, type: string) {
  await publishEvent(tx, { companyId: issue.companyId, type, entityType: "issue", entityId: issue.id, issueId: issue.id });
}
