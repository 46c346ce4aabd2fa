import "server-only";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { Issue } from "../db/generated/client";
import { requireCompanyReferences } from "../db/references";
import type { ErrorCode } from "../error-codes";
import { BadRequest, DomainError } from "../errors";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { findIssue } from "./find";
import { UPDATE_ISSUE_ERRORS, updateIssue } from "./mutations";
import { ISSUE_WRITER_ERRORS, requireIssueWriter } from "./ownership";
import { writeToIssue } from "./queue";
import { TRANSITION_ISSUE_ERRORS, transitionIssue } from "./transition";

// Edges between issues the way Task Graph names them: blocks and follows (the same thing here: `from` must be done
// before `to` starts) are blocker relations; contains is the parent link. Every write goes through the one pipeline
// (blocker sets through transitionIssue under the dependant's lock, parents through updateIssue).

export type LinkType = "blocks" | "follows" | "contains";
export type LinkEdge = { from: string; to: string; type: LinkType };
export type LinkFailure = LinkEdge & { code: string; detail: string };
type Wildcard = "*";

export const LINK_ISSUES_ERRORS = [
  ...AGENT_RUN_ERRORS,
  ...ISSUE_WRITER_ERRORS,
  ...TRANSITION_ISSUE_ERRORS,
  ...UPDATE_ISSUE_ERRORS,
  "invalid_reference",
  "validation_failed",
] as const satisfies readonly ErrorCode[];

type Named = Pick<Issue, "id" | "identifier">;

function failure(edges: LinkEdge[], error: unknown): LinkFailure[] {
  if (!(error instanceof DomainError)) throw error;
  return edges.map((edge) => ({ ...edge, code: error.code, detail: error.message }));
}

/**
 * Replaces the dependant's blocker set with `next(current)` under its row lock, through transitionIssue (cycle check,
 * wakes, activity). The caller must be allowed to change the dependant, as for a PATCH of blockedByIssueIds.
 */
function rewriteBlockers(actor: Actor, runId: string | null, dependant: string, next: (current: string[], tx: Tx, issue: Issue) => Promise<string[]>) {
  return writeToIssue(actor, dependant, async (tx, issue) => {
    await requireIssueWriter(tx, issue, actor, runId, "change");
    const current = (await tx.issueRelation.findMany({ where: { issueId: issue.id }, select: { blockedByIssueId: true } })).map((row) => row.blockedByIssueId);
    const blockers = await next(current, tx, issue);
    if (blockers.length === current.length && blockers.every((id) => current.includes(id))) return issue;
    await transitionIssue(tx, actor, runId, issue, {
      via: "update",
      blockedByIssueIds: blockers,
      activity: () => ({ action: "issue.updated", details: { identifier: issue.identifier, fields: ["blockedByIssueIds"] } }),
      event: "issue.updated",
    });
    return issue;
  });
}

/** The issues `refs` name, found among the actor's companies (404 for any other). */
async function resolveAll(actor: Actor, refs: string[]): Promise<Named[]> {
  return Promise.all(refs.map((ref) => findIssue(actor, ref)));
}

/**
 * Creates an edge for every from × to pair. One write per dependant (all its new blockers together); a failure is
 * reported for the pairs of that write, and the others still happen. Returns the edges made and the failures.
 */
export async function linkIssues(actor: Actor, requestRunId: string | null, input: { from: string[]; to: string[]; type: LinkType }) {
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const froms = await resolveAll(actor, input.from);
  const created: LinkEdge[] = [];
  const errors: LinkFailure[] = [];
  if (input.type === "contains" && froms.length > 1) {
    throw new BadRequest("A task has one parent: give one `from` for contains", "validation_failed", {
      invalidParams: [{ name: "from", reason: "One parent for contains" }],
    });
  }
  for (const ref of input.to) {
    const edges = (to: string) => froms.map((from) => ({ from: from.identifier, to, type: input.type }));
    try {
      if (input.type === "contains") {
        const { issue } = await updateIssue(actor, requestRunId, ref, { parentId: froms[0].id });
        created.push(...edges(issue.identifier));
        continue;
      }
      const issue = await rewriteBlockers(actor, runId, ref, async (current, tx, dependant) => {
        await requireCompanyReferences(dependant.companyId, [{ field: "from", model: "issue", ids: froms.map((from) => from.id) }], tx);
        return [...new Set([...current, ...froms.map((from) => from.id)])];
      });
      created.push(...edges(issue.identifier));
    } catch (error) {
      errors.push(...failure(edges(ref), error));
    }
  }
  return { created, errors };
}

/**
 * Removes edges: every from × to pair, or with "*" on one side every edge of that type at the other side (both sides
 * "*" is refused). Pairs that were never linked are skipped.
 */
export async function unlinkIssues(actor: Actor, requestRunId: string | null, input: { from: string[] | Wildcard; to: string[] | Wildcard; type: LinkType }) {
  if (input.from === "*" && input.to === "*") {
    throw new BadRequest('"*" works on one side only', "validation_failed", {
      invalidParams: [
        { name: "from", reason: 'Not "*" when `to` is "*"' },
        { name: "to", reason: 'Not "*" when `from` is "*"' },
      ],
    });
  }
  const runId = await resolveAgentRun(actor, requestRunId, { required: true });
  const froms = input.from === "*" ? null : await resolveAll(actor, input.from);
  // The dependants (or children) to write, each with the blockers (or parent) to take away: null means every one.
  const targets: { ref: string; remove: Named[] | null }[] = [];
  if (input.to === "*") {
    for (const from of froms!) {
      const dependants =
        input.type === "contains"
          ? await db.issue.findMany({ where: { parentId: from.id }, select: { id: true, identifier: true } })
          : await db.issue.findMany({ where: { blockedBy: { some: { blockedByIssueId: from.id } } }, select: { id: true, identifier: true } });
      targets.push(...dependants.map((dependant) => ({ ref: dependant.id, remove: [from] })));
    }
  } else {
    targets.push(...input.to.map((ref) => ({ ref, remove: froms })));
  }
  const removed: LinkEdge[] = [];
  const errors: LinkFailure[] = [];
  for (const target of targets) {
    try {
      removed.push(...(await unlinkOne(actor, requestRunId, runId, target.ref, target.remove, input.type)));
    } catch (error) {
      errors.push(
        ...failure(
          (target.remove ?? [{ identifier: "*" }]).map((from) => ({ from: from.identifier, to: target.ref, type: input.type })),
          error,
        ),
      );
    }
  }
  return { removed, errors };
}

async function unlinkOne(
  actor: Actor,
  requestRunId: string | null,
  runId: string | null,
  ref: string,
  remove: Named[] | null,
  type: LinkType,
): Promise<LinkEdge[]> {
  if (type === "contains") {
    const child = await findIssue(actor, ref);
    if (!child.parentId || (remove && !remove.some((parent) => parent.id === child.parentId))) return [];
    const parent = await db.issue.findUnique({ where: { id: child.parentId }, select: { identifier: true } });
    await updateIssue(actor, requestRunId, ref, { parentId: null });
    return [{ from: parent?.identifier ?? child.parentId, to: child.identifier, type }];
  }
  let edges: LinkEdge[] = [];
  await rewriteBlockers(actor, runId, ref, async (current, tx, dependant) => {
    const gone = remove ? current.filter((id) => remove.some((from) => from.id === id)) : current;
    const names = await tx.issue.findMany({ where: { id: { in: gone } }, select: { identifier: true }, orderBy: { number: "asc" } });
    edges = names.map((blocker) => ({ from: blocker.identifier, to: dependant.identifier, type }));
    return current.filter((id) => !gone.includes(id));
  });
  return edges;
}
