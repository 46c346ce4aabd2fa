// The rules a skill folder and an instructions bundle follow, in one place: checked when they are saved (schemas,
// domain) and again when a run's folder is written (staging), so a row stored before a rule existed is skipped there
// instead of failing every run. Pure functions, usable by schemas and server code alike.

/** What a skill key may look like: the folder name a CLI sees, so no separators or dots at the start. */
export const SKILL_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The file a CLI reads first: every skill folder has SKILL.md, every instructions bundle AGENTS.md. */
export const SKILL_ENTRY_FILE = "SKILL.md";
export const INSTRUCTIONS_ENTRY_FILE = "AGENTS.md";

/**
 * Why a relative path is refused, or null. Instruction files, `instructionsPath` and skill files are all read or
 * written relative to a folder (the bundle, the run's working folder, the skill's folder), so nothing may climb out
 * of it or start elsewhere.
 */
export function relativePathProblem(value: string): string | null {
  if (value.includes("\0") || value.includes("\\")) return "Must not contain backslashes or NUL characters";
  if (value.startsWith("/") || /^[A-Za-z]:/.test(value) || value.startsWith("~")) return "Must be relative, not absolute";
  const segments = value.split("/");
  if (segments.some((segment) => segment === "..")) return "Must not contain '..'";
  if (segments.some((segment) => segment === "" || segment === ".")) return "Must not contain empty or '.' segments";
  return null;
}

/**
 * Problems with a skill's supporting-file paths, by path: each must be relative and inside the folder, must not be
 * SKILL.md (that is the skill's own text, written separately) and must not also be a folder of another path (`a`
 * and `a/b` cannot both be written).
 */
export function skillFilePathProblems(paths: string[]): { path: string; reason: string }[] {
  return paths.flatMap((candidate) => {
    const reason =
      relativePathProblem(candidate) ??
      (candidate === SKILL_ENTRY_FILE ? "SKILL.md is the skill's own text; give it as markdown" : null) ??
      (paths.some((other) => other.startsWith(`${candidate}/`)) ? "Is also the folder of another file" : null);
    return reason ? [{ path: candidate, reason }] : [];
  });
}

/** Instruction files in the order a CLI reads them: the entry file first, the rest by path. */
export function entryFileFirst<T extends { path: string }>(files: T[]): T[] {
  return [...files].sort(
    (a, b) => Number(b.path === INSTRUCTIONS_ENTRY_FILE) - Number(a.path === INSTRUCTIONS_ENTRY_FILE) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}
