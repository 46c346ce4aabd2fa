import "server-only";

// Writers to one issue queue here, in memory, before they take a connection. The row lock alone would serialize them
// too, but each waiter would hold a pooled connection while it waits: a burst on one hot issue could then take every
// connection and starve the rest of the server. Across instances the row lock still decides.
const globalForQueue = globalThis as unknown as { switchboardIssueQueues?: Map<string, Promise<unknown>> };
const tails = (globalForQueue.switchboardIssueQueues ??= new Map());

/** Runs `work` after every earlier write queued for the same issue reference has settled, whatever their outcome. */
export function oneWriterPerIssue<T>(ref: string, work: () => Promise<T>): Promise<T> {
  const key = ref.toLowerCase();
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(work);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
