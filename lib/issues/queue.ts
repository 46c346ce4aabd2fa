import "server-only";
import { ServiceUnavailable } from "../errors";

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
export function oneWriterPerIssue<T>(issueId: string, work: () => Promise<T>): Promise<T> {
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
