import { describe, expect, it } from "vitest";
import { normaliseMarkPath, normaliseMarkPaths } from "./paths";

const path = (raw: string, cwd: string | null = null) => normaliseMarkPath(raw, cwd);

describe("normaliseMarkPath", () => {
  it("gives every spelling of a file one path", () => {
    for (const spelling of ["src/a.ts", " ./src/a.ts ", "src//a.ts", "src\\a.ts", "src/./lib/../a.ts", "src/a.ts/"])
      expect(path(spelling)).toEqual({ path: "src/a.ts" });
    expect(path("/srv/repo//x/./y.ts")).toEqual({ path: "/srv/repo/x/y.ts" });
  });

  it("makes an absolute path inside the workspace relative to it, and leaves one outside absolute", () => {
    expect(path("/srv/ws/src/a.ts", "/srv/ws")).toEqual({ path: "src/a.ts" });
    expect(path("/srv/ws/src/a.ts", "/srv/ws/")).toEqual({ path: "src/a.ts" });
    expect(path("/srv/wsx/a.ts", "/srv/ws")).toEqual({ path: "/srv/wsx/a.ts" });
    expect(path("/srv/ws/../other/a.ts", "/srv/ws")).toEqual({ path: "/srv/other/a.ts" });
    expect(path("/srv/ws", "/srv/ws")).toEqual({ problem: "Must name a file or folder, not a root" });
  });

  it("refuses empty paths, NUL, .. above the root and paths over 1024 characters", () => {
    expect(path("  ")).toEqual({ problem: "Must name a file or folder, not a root" });
    expect(path(".")).toEqual({ problem: "Must name a file or folder, not a root" });
    expect(path("/")).toEqual({ problem: "Must name a file or folder, not a root" });
    expect(path("a\0b")).toEqual({ problem: "Must not contain a NUL character" });
    expect(path("../a.ts")).toEqual({ problem: "Must not climb above its root with .." });
    expect(path("src/../../a.ts")).toEqual({ problem: "Must not climb above its root with .." });
    expect(path("/..")).toEqual({ problem: "Must not climb above its root with .." });
    expect(path("a".repeat(1024))).toEqual({ path: "a".repeat(1024) });
    expect(path("a".repeat(1025))).toEqual({ problem: "At most 1024 characters" });
  });
});

describe("normaliseMarkPaths", () => {
  it("drops repeats and names every refused path by its index", () => {
    expect(normaliseMarkPaths(["a.ts", "./a.ts", "b.ts"], null)).toEqual(["a.ts", "b.ts"]);
    expect(() => normaliseMarkPaths(["ok.ts", "../up", ""], null)).toThrow(
      expect.objectContaining({
        status: 422,
        invalidParams: [
          { name: "files.1", reason: "Must not climb above its root with .." },
          { name: "files.2", reason: "Must name a file or folder, not a root" },
        ],
      }),
    );
    expect(() => normaliseMarkPaths([], null)).toThrow(expect.objectContaining({ invalidParams: [{ name: "files", reason: "Name at least one file" }] }));
    expect(() =>
      normaliseMarkPaths(
        Array.from({ length: 101 }, (_, index) => `f${index}`),
        null,
      ),
    ).toThrow(expect.objectContaining({ invalidParams: [{ name: "files", reason: "At most 100 files per call; this has 101" }] }));
  });
});
