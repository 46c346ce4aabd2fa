import "server-only";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A SKILL.md folder: its text, supporting files by relative path, and a hash of both (the run log names it). */
export type SkillFolder = { key: string; name: string; description: string | null; markdown: string; files: Record<string, string>; contentHash: string };

/** Skills shipped with the server (`skills/<key>/SKILL.md` in this checkout), so they are versioned with it. */
const BUNDLED_ROOT = path.join(process.cwd(), "skills");

/** `name:` and `description:` from a SKILL.md's front matter; the folder name when it has none. */
export function skillFrontMatter(markdown: string, fallbackName: string): { name: string; description: string | null } {
  const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(markdown)?.[1] ?? "";
  const field = (key: string) =>
    new RegExp(`^${key}:\\s*(.+)$`, "m")
      .exec(block)?.[1]
      ?.trim()
      .replace(/^["']|["']$/g, "") || null;
  return { name: field("name") ?? fallbackName, description: field("description") };
}

/** sha256 over SKILL.md and every file in path order, so any change to the folder changes it. */
export function skillContentHash(markdown: string, files: Record<string, string>): string {
  const hash = createHash("sha256").update("SKILL.md\0").update(markdown);
  for (const name of Object.keys(files).sort()) hash.update(`\0${name}\0`).update(files[name]);
  return hash.digest("hex");
}

function filesUnder(root: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesUnder(root, relative));
    else if (entry.isFile() && relative !== "SKILL.md") files[relative] = readFileSync(path.join(root, relative), "utf8");
  }
  return files;
}

function readFolder(key: string): SkillFolder {
  const folder = path.join(BUNDLED_ROOT, key);
  const markdown = readFileSync(path.join(folder, "SKILL.md"), "utf8");
  const files = filesUnder(folder);
  return { key, ...skillFrontMatter(markdown, key), markdown, files, contentHash: skillContentHash(markdown, files) };
}

/** The folders holding a SKILL.md, by name; only names, so asking which skills exist reads no skill's text. */
function bundledFolderNames(): string[] {
  if (!existsSync(BUNDLED_ROOT)) return [];
  return readdirSync(BUNDLED_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(BUNDLED_ROOT, entry.name, "SKILL.md")))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

export function listBundledSkills(): SkillFolder[] {
  return bundledFolderNames().map(readFolder);
}

/**
 * The bundled skills' keys. Such a key always means the bundled skill: naming it in an agent's chosen skills stores
 * nothing (every run gets it anyway), and a company skill under the same key is never delivered, so it cannot shadow
 * the server's own procedure.
 */
export function bundledSkillKeys(): Set<string> {
  return new Set(bundledFolderNames());
}

/** A bundled skill by folder name, or null; names are matched against the listing, so no path is ever built from input. */
export function readBundledSkill(key: string): SkillFolder | null {
  return bundledFolderNames().includes(key) ? readFolder(key) : null;
}
