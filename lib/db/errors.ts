/** Walks the driver adapter's error wrapping looking for any of the given Postgres or Prisma codes. */
function hasErrorCode(error: unknown, codes: readonly string[]): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth += 1) {
    const candidate = current as { code?: unknown; cause?: unknown; originalCode?: unknown };
    if (codes.includes(candidate.code as string) || codes.includes(candidate.originalCode as string)) return true;
    current = candidate.cause;
  }
  return false;
}

export const isUniqueViolation = (error: unknown) => hasErrorCode(error, ["P2002", "23505"]);
export const isForeignKeyViolation = (error: unknown) => hasErrorCode(error, ["P2003", "23503"]);
/**
 * The database refused a value itself (a duplicate, a missing reference, a number or date out of range, text it cannot
 * store, a null or check violation): the data was wrong, not the database.
 */
export const isRefusedValue = (error: unknown) =>
  hasErrorCode(error, [
    "P2000",
    "P2002",
    "P2003",
    "P2007",
    "P2011",
    "P2020",
    "22001",
    "22003",
    "22007",
    "22008",
    "22021",
    "22P05",
    "23502",
    "23503",
    "23505",
    "23514",
  ]);
/** A write that found its row gone: a concurrent delete got there between the lookup and the write. */
export const isRecordGone = (error: unknown) => hasErrorCode(error, ["P2025"]);
