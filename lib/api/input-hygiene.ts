import type { InvalidParam } from "../errors";

/**
 * Deeper than any payload a client means to send (documents, metadata, workflow results nest a few levels), and well
 * short of what recursive validation and the database driver survive.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * What no field may hold, whatever its schema: a NUL character (PostgreSQL text cannot store one, and a client that
 * sends one has a bug we should name rather than silently strip), a lone UTF-16 surrogate (JSON's `"\ud800"` is no
 * Unicode character, and PostgreSQL's json columns refuse it) and JSON nested deeper than MAX_JSON_DEPTH. Each
 * offending field is named, like any other invalid field, so the request is a 400 and never reaches the database.
 */
export function inputProblems(location: string, value: unknown): InvalidParam[] {
  const problems: InvalidParam[] = [];
  // Iterative, so a hostile nesting depth cannot exhaust the stack while being judged.
  const stack: { path: string; value: unknown; depth: number }[] = [{ path: location, value, depth: 0 }];
  while (stack.length) {
    const { path, value: current, depth } = stack.pop()!;
    if (typeof current === "string") {
      const reason = textProblem(current);
      if (reason) problems.push({ name: path, reason });
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) {
      problems.push({ name: path, reason: `Nested more than ${MAX_JSON_DEPTH} levels deep` });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const child = `${path}.${key}`;
      const reason = textProblem(key);
      if (reason) problems.push({ name: child, reason: `Field names ${reason.charAt(0).toLowerCase()}${reason.slice(1)}` });
      else stack.push({ path: child, value: item, depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => a.name.localeCompare(b.name));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "Must not contain NUL (\\u0000) characters";
  if (LONE_SURROGATE.test(text)) return "Must not contain unpaired surrogates (\\ud800–\\udfff): not valid Unicode";
  return null;
}
