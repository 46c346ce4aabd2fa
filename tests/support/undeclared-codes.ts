// Test runs (vitest and the Playwright web server) record every error code an operation answers with but does not
// declare (lib/api/route.ts); scripts/test.ts fails when the file has any line.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const UNDECLARED_CODES_FILE = path.join(import.meta.dirname, "..", "..", "test-results", "undeclared-error-codes.ndjson");

export const STRICT_ERROR_CODES_ENV = { SWITCHBOARD_STRICT_ERROR_CODES: "1", SWITCHBOARD_UNDECLARED_CODES_FILE: UNDECLARED_CODES_FILE };

/** Distinct `{method, path, code}` lines recorded so far. */
export function undeclaredCodeLines(): string[] {
  if (!existsSync(UNDECLARED_CODES_FILE)) return [];
  return [...new Set(readFileSync(UNDECLARED_CODES_FILE, "utf8").split("\n").filter(Boolean))].sort();
}
