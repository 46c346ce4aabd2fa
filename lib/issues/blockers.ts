import "server-only";
import type { Tx } from "../db/client";
import { Unprocessable } from "../errors";

/**
 * The blocker rule, as SQL over a blocker row's alias: it blocks while in one of its workflow's blocking_states
 * (`blocking`, written with its workflow state), or, when the workflow names none, while it is not done — so a
 * cancelled blocker still blocks until someone removes it.
 */
export function stillBlockingSql(alias: string) {
  return `COALESCE(${alias}.blocking, ${alias}.status <> 'done')`;
}

/** The same rule for one issue already in hand, kept beside its SQL form so the two cannot drift apart. */
export function stillBlocking(issue: { blocking: boolean | null; status: string }): boolean {
  return issue.blocking ?? issue.status !== "done";
}

/** An issue's unresolved blockers, as SQL over an issue-id expression: the transition check, checkout and wakes share it. */
export function unresolvedBlockersSql(issueIdExpression: string) {
  return `SELECT b.id, b.identifier, b.status FROM issue_relations r JOIN issues b ON b.id = r.blocked_by_issue_id WHERE r.issue_id = ${issueIdExpression} AND ${stillBlockingSql("b")}`;
}

export async function unresolvedBlockers(client: Pick<Tx, "$queryRawUnsafe">, issueId: string) {
  return client.$queryRawUnsafe<{ id: string; identifier: string; status: string }[]>(`${unresolvedBlockersSql("$1::uuid")} ORDER BY b.number`, issueId);
}

export function blockersUnresolvedError(open: { id: string; identifier: string; status: string }[]) {
  return new Unprocessable(
    `Blocked by ${open.map((b) => `${b.identifier} (${b.status})`).join(", ")}; it cannot start until they are resolved`,
    "blockers_unresolved",
    {
      details: { blockedBy: open },
    },
  );
}

export async function requireBlockersResolved(tx: Tx, issueId: string) {
  const open = await unresolvedBlockers(tx, issueId);
  if (open.length) throw blockersUnresolvedError(open);
}

/**
 * Replaces the issue's blocker set. Refuses self-blocks and any set that would close a cycle
 * (a blocker that is, transitively, blocked by this issue).
 */
export async function replaceBlockers(tx: Tx, companyId: string, issueId: string, blockerIds: string[]) {
  const unique = [...new Set(blockerIds)];
  if (unique.includes(issueId)) throw Unprocessable.field("blockedByIssueIds", "An issue cannot block itself", "blocker_cycle");
  // Serialise blocker edits per company: two concurrent edits could each pass the cycle check and close a loop.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`blockers:${companyId}`}))`;
  if (unique.length) {
    const cycle = await tx.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE downstream(id) AS (
        SELECT issue_id FROM issue_relations WHERE blocked_by_issue_id = ${issueId}::uuid
        UNION
        SELECT r.issue_id FROM issue_relations r JOIN downstream d ON r.blocked_by_issue_id = d.id
      )
      SELECT id FROM downstream WHERE id = ANY(${unique}::uuid[]) LIMIT 1`;
    if (cycle.length)
      throw Unprocessable.field("blockedByIssueIds", `Issue ${cycle[0].id} already depends on this one; that would make a blocker cycle`, "blocker_cycle");
  }
  await tx.issueRelation.deleteMany({ where: { issueId, NOT: { blockedByIssueId: { in: unique } } } });
  if (unique.length) {
    await tx.issueRelation.createMany({ data: unique.map((blockedByIssueId) => ({ companyId, issueId, blockedByIssueId })), skipDuplicates: true });
  }
}
