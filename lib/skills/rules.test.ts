import { describe, expect, it } from "vitest";
import { entryFileFirst, relativePathProblem, skillFilePathProblems } from "./rules";

describe("relativePathProblem", () => {
  it("accepts relative paths and refuses absolute ones, '..', empty and '.' segments, backslashes and NUL", () => {
    expect(relativePathProblem("references/api.md")).toBeNull();
    for (const bad of ["/etc/passwd", "C:/x", "~/x", "../x", "a/../../b", "a//b", "./a", "a\\b", "a\0b"]) expect(relativePathProblem(bad)).not.toBeNull();
  });
});

describe("skillFilePathProblems", () => {
  it("names paths outside the folder, SKILL.md itself, and a path that is also another's folder", () => {
    expect(skillFilePathProblems(["references/api.md", "scripts/run.sh", "README.md"])).toEqual([]);
    expect(skillFilePathProblems(["../x", "/abs", "SKILL.md", "a", "a/b", "ok.md"])).toEqual([
      { path: "../x", reason: "Must not contain '..'" },
      { path: "/abs", reason: "Must be relative, not absolute" },
      { path: "SKILL.md", reason: expect.stringContaining("SKILL.md") },
      { path: "a", reason: "Is also the folder of another file" },
    ]);
    // A name that only starts like another is no folder of it.
    expect(skillFilePathProblems(["a", "ab/c"])).toEqual([]);
  });
});

describe("entryFileFirst", () => {
  it("puts AGENTS.md first and the rest by path, without changing its input", () => {
    const files = [{ path: "z.md" }, { path: "AGENTS.md" }, { path: "a.md" }];
    expect(entryFileFirst(files).map((file) => file.path)).toEqual(["AGENTS.md", "a.md", "z.md"]);
    expect(files[0].path).toBe("z.md");
  });
});
