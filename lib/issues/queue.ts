import "server-only";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { Issue } from "../db/generated/client";
import { ServiceUnavailable } from "../errors";
import { findIssue, lockIssue } from "./find";

// Writers to one issue queue here, in memory, before they take a connection. The row lock alone would serialize them
// too, but each waiter would hold a pooled connection while it waits: a burst on one hot issue could then take every
// connection and starve the rest of the server. Across instances the row lock still decides.
type Queue = { tail: Promise<unknown>; waiting: number };
const globalForQueue = globalThis as unknown as { switchboardIssueQueues?: Map<string, Queue> };
const queues = (globalForQueue.switchboardIssueQueues ??= new Map());

/** Past this many waiting writers, or this long a wait, a write is refused (503, retry) rather than done late. */
const MAX_WAITING = 500;
const MAX_WAIT_MS = 10_000;

const busy = () => new ServiceUnavailable("Too many changes to this issue at once; retry shortly", "database_busy", 1);

/**
 * Runs `work` after every earlier write queued for the same issue id has settled, whatever their outcome. A write
 * whose turn comes after its client has likely given up is refused instead, so a retry cannot do the work twice.
 */
function oneWriterPerIssue<T>(issueId: string, work: () => Promise<T>): Promise<T> {
  const queue = queues.get(issueId) ?? { tail: Promise.resolve(), waiting: 0 };
  if (queue.waiting >= MAX_WAITING) return Promise.reject(busy());
  const queuedAt = Date.now();
  queue.waiting += 1;
  const result = queue.tail.then(() => {
    queue.waiting -= 1;
    if (Date.now() - queuedAt > MAX_WAIT_MS) throw busy();
    return work();
  });
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  queue.tail = tail;
  queues.set(issueId, queue);
  void tail.then(() => {
    if (queue.tail === tail) queues.delete(issueId);
  });
  return result;
}

/**
 * A write to one issue as PATCH, comments and release make it: found among the actor's companies (404 otherwise),
 * queued behind the other writes to it, then locked in a transaction for `work`, by an actor allowed to act there.
 */
export async function writeToIssue<T>(actor: Actor, ref: string, work: (tx: Tx, issue: Issue) => Promise<T>): Promise<T> {
  const { id } = await findIssue(actor, ref);
  return oneWriterPerIssue(id, () =>
    db.$transaction(async (tx) => {
      const issue = await lockIssue(tx, actor, id);
      requireCompanyAccess(actor, issue.companyId, "act");
      return work(tx, issue);
    }),
  );
}
