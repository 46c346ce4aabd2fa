import "server-only";
import { isUniqueViolation } from "./errors";

/**
 * Create-with-idempotency-key: a retry with a known key answers with the first record, including a retry that raced
 * the first attempt and lost on the unique index. `create` runs only when no record has the key (or no key is given).
 */
export async function createIdempotently<T>(
  key: string | null | undefined,
  findExisting: () => Promise<T | null>,
  create: () => Promise<T>,
): Promise<{ record: T; created: boolean }> {
  if (key) {
    const existing = await findExisting();
    if (existing) return { record: existing, created: false };
  }
  try {
    return { record: await create(), created: true };
  } catch (error) {
    if (key && isUniqueViolation(error)) {
      const winner = await findExisting();
      if (winner) return { record: winner, created: false };
    }
    throw error;
  }
}
