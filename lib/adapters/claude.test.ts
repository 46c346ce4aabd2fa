import { describe, expect, it } from "vitest";
import { rootPermissionNote } from "./claude";

describe("rootPermissionNote", () => {
  it("explains, as root with permissions skipped, why Claude Code may refuse, and never sets IS_SANDBOX itself", () => {
    const env: Record<string, string> = { PATH: "/usr/bin" };
    expect(rootPermissionNote(0, true, env)).toMatch(/runs as root.*refuses --dangerously-skip-permissions.*IS_SANDBOX=1.*dangerouslySkipPermissions/);
    expect(env).toEqual({ PATH: "/usr/bin" });
  });

  it("says nothing when the owner already chose IS_SANDBOX=1, kept the prompts on, or the server is not root", () => {
    expect(rootPermissionNote(0, true, { IS_SANDBOX: "1" })).toBeNull();
    expect(rootPermissionNote(0, false, {})).toBeNull();
    expect(rootPermissionNote(1000, true, {})).toBeNull();
    expect(rootPermissionNote(undefined, true, {})).toBeNull();
  });
});
