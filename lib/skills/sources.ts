import "server-only";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, type Dirent } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Unprocessable } from "../errors";
import { git } from "../workspaces/git";
import { skillContentHash, skillFrontMatter } from "./bundled";
import { SKILL_ENTRY_FILE, SKILL_KEY_PATTERN } from "./rules";

// Reading SKILL.md folders from the server's disk or a git clone. Every walk is bounded (depth, skills, files,
// bytes) and never follows a symlink, so a hostile repository cannot make the server read outside it or forever.
// Whatever cannot be read (a folder that vanished, a name that is not UTF-8, a file that is not text) becomes a
// warning in the answer, never a failed request.

const SKILL_LIMITS = {
  maxDepth: 6,
  maxFolders: 5_000,
  maxSkills: 50,
  maxFilesPerSkill: 200,
  maxFileBytes: 256 * 1024,
  maxSkillBytes: 2 * 1024 * 1024,
  cloneTimeoutMs: 60_000,
} as const;

/** Folders never worth walking: version control, dependencies, and the worktrees Switchboard makes inside checkouts. */
const SKIPPED_FOLDERS = new Set([".git", "node_modules", ".paperclip", ".next", "dist", "build", "vendor"]);

/**
 * What a SKILL.md at the root of the walk (a repository or workspace root) takes with it: these folders and the
 * top-level markdown, since the rest of a repository is not the skill's. A skill in its own folder takes every file.
 */
const ROOT_SKILL_FOLDERS = new Set(["references", "scripts", "assets", "templates"]);
const rootSkillTakes = (relative: string) =>
  ROOT_SKILL_FOLDERS.has(relative.split("/")[0]) || (!relative.includes("/") && relative.toLowerCase().endsWith(".md"));

/** Dot files and folders (`.env`, `.npmrc`, `.github`) are settings and secrets, never part of a skill. */
const isHidden = (name: string) => name.startsWith(".");

/** A folder's entries, or null with a warning when it cannot be read. */
function entriesOf(folder: string, label: string, warnings: string[]): Dirent[] | null {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    warnings.push(`${label}: left out, cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return null;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A file's text when it is UTF-8 without NUL characters and within `maxBytes`; otherwise null with a warning. */
function readText(file: string, label: string, maxBytes: number, warnings: string[]): string | null {
  try {
    if (statSync(file).size > maxBytes) {
      warnings.push(`${label}: left out, over ${maxBytes} bytes`);
      return null;
    }
    const text = utf8.decode(readFileSync(file));
    if (!text.includes("\0")) return text;
  } catch (error) {
    // A file system error carries its syscall; a decoding error means the bytes are not UTF-8, reported below.
    const { code, syscall } = error as NodeJS.ErrnoException;
    if (syscall) {
      warnings.push(`${label}: left out, cannot be read (${code})`);
      return null;
    }
  }
  warnings.push(`${label}: left out, not text`);
  return null;
}

export type FoundSkill = {
  relativeDir: string;
  key: string;
  name: string;
  description: string | null;
  markdown: string;
  files: Record<string, string>;
  contentHash: string;
};
export type FoundSkills = { skills: FoundSkill[]; warnings: string[] };

/** A name as a skill key: lower case, separators to '-', at most 64 characters; null when nothing usable is left. */
export function skillKeyFrom(value: string): string | null {
  const key = value
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "")
    .slice(0, 64);
  return SKILL_KEY_PATTERN.test(key) ? key : null;
}

/** Every SKILL.md folder under `root` (the root itself included), each with its supporting files. */
export function findSkillFolders(root: string, fallbackName: string): FoundSkills {
  const warnings: string[] = [];
  const folders: string[] = [];
  let visited = 0;
  const walk = (relative: string, depth: number) => {
    if (folders.length >= SKILL_LIMITS.maxSkills || visited >= SKILL_LIMITS.maxFolders) return;
    visited += 1;
    const entries = entriesOf(path.join(root, relative), relative || ".", warnings);
    if (!entries) return;
    if (entries.some((entry) => entry.isFile() && entry.name === SKILL_ENTRY_FILE)) folders.push(relative);
    if (depth >= SKILL_LIMITS.maxDepth) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name)))
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(relative ? `${relative}/${entry.name}` : entry.name, depth + 1);
  };
  walk("", 0);
  if (folders.length >= SKILL_LIMITS.maxSkills) warnings.push(`Stopped at ${SKILL_LIMITS.maxSkills} skills`);
  if (visited >= SKILL_LIMITS.maxFolders) warnings.push(`Stopped after ${SKILL_LIMITS.maxFolders} folders`);
  const skills: FoundSkill[] = [];
  for (const relativeDir of folders) {
    const folder = path.join(root, relativeDir);
    const markdown = readText(
      path.join(folder, SKILL_ENTRY_FILE),
      `${relativeDir || "."}/${SKILL_ENTRY_FILE} (skill skipped)`,
      SKILL_LIMITS.maxFileBytes,
      warnings,
    );
    if (markdown === null) continue;
    const folderName = relativeDir ? path.basename(relativeDir) : fallbackName;
    const { name, description } = skillFrontMatter(markdown, folderName);
    const key = skillKeyFrom(name) ?? skillKeyFrom(folderName);
    if (!key) {
      warnings.push(`${relativeDir || "."}: no usable skill name; give it a front matter name`);
      continue;
    }
    const files = supportingFiles(
      folder,
      folders.filter((other) => other !== relativeDir && other.startsWith(relativeDir ? `${relativeDir}/` : "")).map((other) => path.join(root, other)),
      relativeDir,
      warnings,
    );
    if (files === null) continue;
    const total = Buffer.byteLength(markdown) + Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    if (total > SKILL_LIMITS.maxSkillBytes) {
      warnings.push(`${relativeDir || "."}: skipped, over ${SKILL_LIMITS.maxSkillBytes} bytes`);
      continue;
    }
    skills.push({ relativeDir, key, name, description, markdown, files, contentHash: skillContentHash(markdown, files) });
  }
  // Both walks meet an unreadable folder inside a skill; it is reported once.
  return { skills, warnings: [...new Set(warnings)] };
}

/**
 * The folder's files other than SKILL.md and nested skill folders; text only, within the limits, no hidden files.
 * A skill at the walk's root takes only what rootSkillTakes allows. Null when over the file count.
 */
function supportingFiles(folder: string, nestedSkillFolders: string[], label: string, warnings: string[]): Record<string, string> | null {
  const files: Record<string, string> = {};
  let count = 0;
  const walk = (relative: string, depth: number): boolean => {
    for (const entry of entriesOf(path.join(folder, relative), [label, relative].filter(Boolean).join("/") || ".", warnings) ?? []) {
      if (isHidden(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const absolute = path.join(folder, child);
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || nestedSkillFolders.includes(absolute) || depth >= SKILL_LIMITS.maxDepth) continue;
        if (!label && !ROOT_SKILL_FOLDERS.has(child.split("/")[0])) continue;
        if (!walk(child, depth + 1)) return false;
      } else if (entry.isFile() && child !== SKILL_ENTRY_FILE && (label || rootSkillTakes(child))) {
        if ((count += 1) > SKILL_LIMITS.maxFilesPerSkill) {
          warnings.push(`${label || "."}: skipped, more than ${SKILL_LIMITS.maxFilesPerSkill} files`);
          return false;
        }
        const text = readText(absolute, `${label || "."}/${child}`, SKILL_LIMITS.maxFileBytes, warnings);
        if (text !== null) files[child] = text;
      }
    }
    return true;
  };
  return walk("", 0) ? files : null;
}

/**
 * `source` is a git URL when it names a transport git speaks safely; anything else must be an absolute folder. A user
 * or host must start with a letter or digit: one starting with '-' would reach ssh as an option (`-oProxyCommand=…`).
 */
function gitUrlOf(source: string): string | null {
  const url = /^(https?|ssh|git|file):\/\/(?:([^/@]*)@)?([^/]*)/i.exec(source);
  if (url) {
    const [, scheme, user, host] = url;
    if (scheme.toLowerCase() === "file") return host ? null : source;
    return /^[A-Za-z0-9[]/.test(host) && (user === undefined || /^[A-Za-z0-9]/.test(user)) ? source : null;
  }
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:[^/-]/.test(source)) return source;
  return null;
}

const unreadable = (detail: string) => Unprocessable.field("source", detail, "skill_source_unreadable");

/**
 * Reads the skills at `source`: a shallow clone into a temporary folder for a git URL (argv, never a shell; only
 * the transports above, so `ext::` and the like cannot run commands; a timeout), or the folder itself.
 */
export async function readSkillSource(source: string): Promise<FoundSkills & { sourceType: "git" | "local_path" }> {
  const url = gitUrlOf(source);
  if (url) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "switchboard-skill-import-"));
    try {
      const cloned = await git(
        scratch,
        ["-c", "protocol.allow=never", ...allowedProtocols(), "clone", "--depth", "1", "--quiet", "--", url, "repo"],
        SKILL_LIMITS.cloneTimeoutMs,
      );
      if (!cloned.ok) throw unreadable(`git clone failed: ${cloned.stderr.split("\n").slice(-3).join(" ").slice(0, 500) || "no output"}`);
      const found = findSkillFolders(path.join(scratch, "repo"), repositoryName(url));
      if (!found.skills.length) throw unreadable(`No SKILL.md in ${source}`);
      return { ...found, sourceType: "git" };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (!path.isAbsolute(source)) throw unreadable("Give an absolute folder path or a git URL");
  const folder = path.resolve(source);
  const isFolder = (() => {
    try {
      return statSync(folder).isDirectory();
    } catch {
      throw unreadable(`${folder} does not exist or cannot be read`);
    }
  })();
  if (!isFolder) throw unreadable(`${folder} is not a folder`);
  const found = findSkillFolders(folder, path.basename(folder));
  if (!found.skills.length) throw unreadable(`No SKILL.md in ${folder}`);
  return { ...found, sourceType: "local_path" };
}

/** git's own per-protocol switches: the safe transports on, everything else (ext::, fd::) off by protocol.allow. */
function allowedProtocols() {
  return ["https", "http", "ssh", "git", "file"].flatMap((name) => ["-c", `protocol.${name}.allow=always`]);
}

function repositoryName(url: string): string {
  return (
    url
      .replace(/\/+$/, "")
      .split(/[/:]/)
      .pop()
      ?.replace(/\.git$/, "") || "skill"
  );
}
