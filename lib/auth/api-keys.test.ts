import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { displayPrefix, generateApiKeyToken, hashApiKeyToken, keyKindOf } from "./api-keys";

describe("API key tokens", () => {
  it("use Paperclip's prefixes and 24 random bytes", () => {
    expect(generateApiKeyToken("board")).toMatch(/^pcp_board_[0-9a-f]{48}$/);
    expect(generateApiKeyToken("agent")).toMatch(/^pcp_[0-9a-f]{48}$/);
    expect(generateApiKeyToken("agent")).not.toBe(generateApiKeyToken("agent"));
  });

  it("tell board keys from agent keys by prefix", () => {
    expect(keyKindOf(generateApiKeyToken("board"))).toBe("board");
    expect(keyKindOf(generateApiKeyToken("agent"))).toBe("agent");
    expect(keyKindOf("sk-something")).toBeNull();
  });

  it("are stored as sha256 hex and displayed by a short prefix only", () => {
    const token = generateApiKeyToken("agent");
    expect(hashApiKeyToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(displayPrefix(token)).toHaveLength(8);
    expect(token.startsWith(displayPrefix(token))).toBe(true);
  });
});
