import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stageForClaude } from "./staging";
import type { DeliveredSkill } from "./types";

const skill = (key: string, files: Record<string, unknown>): DeliveredSkill => ({
  key,
  name: key,
  markdown: `# ${key}\n`,
  files: files as Record<string, string>,
  contentHash: "0".repeat(64),
  source: "company",
});

describe("stageForClaude", () => {
  it("skips and logs skill files it must not write (stored before the rule), and still stages the rest", () => {
    const lines: string[] = [];
    const staged = stageForClaude(
      {
        skills: [
          skill("odd", { "../escape.md": "x", "/abs.md": "x", "SKILL.md": "replaced", a: "file", "a/b": "under a", "ok/notes.md": "fine", bad: 42 }),
          skill("../outside", { "x.md": "x" }),
        ],
        instructions: [],
      },
      (line) => lines.push(line),
    );
    try {
      const folder = path.join(staged.dir, ".claude", "skills", "odd");
      expect(readFileSync(path.join(folder, "SKILL.md"), "utf8")).toBe("# odd\n");
      expect(readFileSync(path.join(folder, "ok", "notes.md"), "utf8")).toBe("fine");
      expect(readFileSync(path.join(folder, "a", "b"), "utf8")).toBe("under a");
      expect(readdirSync(path.join(staged.dir, ".claude", "skills"))).toEqual(["odd"]);
      const skipped = lines.filter((line) => line.includes("skipped")).join("");
      for (const name of ["../escape.md", "/abs.md", "SKILL.md", '"a"', "bad", "../outside"]) expect(skipped).toContain(name);
      expect(skipped).not.toContain("a/b");
    } finally {
      staged.cleanup();
    }
  });
});
