import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { instructionsDocument, resolveInstructionsPath, wakePrompt } from "./delivery";

describe("resolveInstructionsPath", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "sb-instructions-"));
  const cwd = path.join(root, "repo");
  mkdirSync(path.join(cwd, "docs"), { recursive: true });
  writeFileSync(path.join(root, "outside.md"), "secret");
  symlinkSync(path.join(root, "outside.md"), path.join(cwd, "docs", "link.md"));

  it("resolves relative paths and absolute ones inside the cwd", () => {
    expect(resolveInstructionsPath(cwd, "docs/AGENTS.md")).toEqual({ file: path.join(cwd, "docs", "AGENTS.md") });
    expect(resolveInstructionsPath(cwd, path.join(cwd, "AGENTS.md"))).toEqual({ file: path.join(cwd, "AGENTS.md") });
    expect(resolveInstructionsPath(cwd, "docs/../AGENTS.md")).toEqual({ file: path.join(cwd, "AGENTS.md") });
  });

  it("refuses .. escapes, absolute paths elsewhere and symlinks leading out", () => {
    expect(resolveInstructionsPath(cwd, "../outside.md")).toHaveProperty("refused");
    expect(resolveInstructionsPath(cwd, path.join(root, "outside.md"))).toHaveProperty("refused");
    expect(resolveInstructionsPath(cwd, "/etc/passwd")).toHaveProperty("refused");
    expect(resolveInstructionsPath(cwd, "docs/link.md")).toEqual({ refused: expect.stringContaining("links outside the working directory") });
    // A sibling folder whose name starts like the cwd is still outside it.
    expect(resolveInstructionsPath(cwd, "../repo-other/AGENTS.md")).toHaveProperty("refused");
  });
});

describe("wakePrompt", () => {
  const env = { PAPERCLIP_API_URL: "http://127.0.0.1:3100" };

  it("names the reason, the task, the comment and the API, and points at the skill's procedure", () => {
    const prompt = wakePrompt(
      { reason: "issue_commented", issue: { id: "issue-1", identifier: "ENG-7", title: "Fix login" }, comment: { id: "c-1", body: "Line one\nLine two" } },
      env,
    );
    expect(prompt).toContain("reason: issue_commented");
    expect(prompt).toContain('ENG-7 "Fix login" (issue id issue-1)');
    expect(prompt).toContain("> Line one\n> Line two");
    expect(prompt).toContain("http://127.0.0.1:3100");
    expect(prompt).toContain("PAPERCLIP_API_KEY");
    expect(prompt).toContain("heartbeat procedure in the switchboard skill");
  });

  it("without a task asks the agent to look at its assignments", () => {
    expect(wakePrompt({ reason: "heartbeat_timer", issue: null, comment: null }, env)).toContain("check your assigned issues");
  });
});

describe("instructionsDocument", () => {
  it("is the file itself when there is one, and marks each file when there are several", () => {
    expect(instructionsDocument({ skills: [], instructions: [] })).toBeNull();
    expect(instructionsDocument({ skills: [], instructions: [{ path: "AGENTS.md", content: "# A\n" }] })).toBe("# A\n");
    expect(
      instructionsDocument({
        skills: [],
        instructions: [
          { path: "AGENTS.md", content: "# A\n" },
          { path: "TOOLS.md", content: "# T" },
        ],
      }),
    ).toBe("<!-- AGENTS.md -->\n# A\n\n<!-- TOOLS.md -->\n# T\n");
  });
});
