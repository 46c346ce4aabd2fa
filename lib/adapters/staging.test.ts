import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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

describe("stageForClaude with the MCP server", () => {
  it("writes the server with the run's token to an owner-only mcp.json passed with --mcp-config, removed by cleanup", () => {
    const lines: string[] = [];
    const staged = stageForClaude({ skills: [], instructions: [] }, (line) => lines.push(line), {
      url: "http://127.0.0.1:3000/api/mcp",
      token: "pcp_run_secret",
    });
    const file = path.join(staged.dir, "mcp.json");
    try {
      expect(staged.args).toEqual(["--add-dir", staged.dir, "--mcp-config", file]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
        mcpServers: { switchboard: { type: "http", url: "http://127.0.0.1:3000/api/mcp", headers: { Authorization: "Bearer pcp_run_secret" } } },
      });
      expect(lines).toEqual(["[switchboard] MCP server: http://127.0.0.1:3000/api/mcp (tools for tasks, thinking, attachments, metrics, file marks)\n"]);
    } finally {
      staged.cleanup();
    }
    expect(existsSync(file)).toBe(false);
  });

  it("passes no MCP configuration without access", () => {
    const staged = stageForClaude({ skills: [], instructions: [] }, () => {});
    try {
      expect(staged.args).toEqual(["--add-dir", staged.dir]);
      expect(existsSync(path.join(staged.dir, "mcp.json"))).toBe(false);
    } finally {
      staged.cleanup();
    }
  });
});
