import { Unprocessable, type InvalidParam } from "../errors";

export const MAX_MARK_PATH_LENGTH = 1024;
export const MAX_MARK_FILES = 100;

/** The path's segments with `.` and empty ones dropped and `..` applied; null when `..` climbs above its root. */
function resolveSegments(path: string): { absolute: boolean; segments: string[] } | null {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.pop() === undefined) return null;
  }
  return { absolute: path.startsWith("/"), segments };
}

/**
 * One spelling per file, so two agents marking `./src/a.ts` and `src//a.ts` meet on the same mark: trimmed, `\` as
 * `/`, `.` and empty segments dropped, `..` applied (never above the root), and an absolute path inside the task's
 * workspace made relative to it. Returns the path, or why it is refused.
 */
export function normaliseMarkPath(raw: string, workspaceCwd: string | null): { path: string } | { problem: string } {
  const trimmed = raw.trim();
  if (trimmed.includes("\0")) return { problem: "Must not contain a NUL character" };
  if (trimmed.length > MAX_MARK_PATH_LENGTH) return { problem: `At most ${MAX_MARK_PATH_LENGTH} characters` };
  const resolved = resolveSegments(trimmed.replaceAll("\\", "/"));
  if (!resolved) return { problem: "Must not climb above its root with .." };
  let { segments } = resolved;
  let absolute = resolved.absolute;
  const root = workspaceCwd ? resolveSegments(workspaceCwd.replaceAll("\\", "/")) : null;
  if (absolute && root?.absolute && root.segments.length <= segments.length && root.segments.every((segment, index) => segments[index] === segment)) {
    segments = segments.slice(root.segments.length);
    absolute = false;
  }
  if (segments.length === 0) return { problem: "Must name a file or folder, not a root" };
  return { path: `${absolute ? "/" : ""}${segments.join("/")}` };
}

/**
 * Every path normalised, in order and without repeats; any refused path, and more than 100 of them, is 422 naming each
 * (`files.N`).
 */
export function normaliseMarkPaths(files: readonly string[], workspaceCwd: string | null, field = "files"): string[] {
  if (files.length === 0) throw Unprocessable.field(field, "Name at least one file");
  if (files.length > MAX_MARK_FILES) throw Unprocessable.field(field, `At most ${MAX_MARK_FILES} files per call; this has ${files.length}`);
  const problems: InvalidParam[] = [];
  const paths = new Set<string>();
  files.forEach((file, index) => {
    const result = normaliseMarkPath(file, workspaceCwd);
    if ("problem" in result) problems.push({ name: `${field}.${index}`, reason: result.problem });
    else paths.add(result.path);
  });
  if (problems.length) throw Unprocessable.fields(problems);
  return [...paths];
}
