import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ignoredFieldsHeader, parseDroppingUnknownFields } from "./unknown-fields";

const schema = z.strictObject({
  agentId: z.string(),
  settings: z.strictObject({ mode: z.string(), strategy: z.strictObject({ type: z.string() }).optional() }).optional(),
  items: z.array(z.strictObject({ key: z.string() })).optional(),
  action: z.discriminatedUnion("kind", [z.strictObject({ kind: z.literal("a"), note: z.string() }), z.strictObject({ kind: z.literal("b") })]).optional(),
});

describe("parseDroppingUnknownFields", () => {
  it("drops undeclared keys at every depth and names them dotted, leaving the input as it was", () => {
    const input = {
      agentId: "x",
      runId: "r",
      settings: { mode: "m", extra: 1, strategy: { type: "t", secret: true } },
      items: [{ key: "k" }, { key: "l", stray: 2 }],
      action: { kind: "a", note: "n", more: 3 },
    };
    const before = structuredClone(input);
    const { result, ignored } = parseDroppingUnknownFields(schema, input);
    expect(result.success && result.data).toEqual({
      agentId: "x",
      settings: { mode: "m", strategy: { type: "t" } },
      items: [{ key: "k" }, { key: "l" }],
      action: { kind: "a", note: "n" },
    });
    expect([...ignored].sort()).toEqual(["action.more", "items.1.stray", "runId", "settings.extra", "settings.strategy.secret"]);
    expect(input).toEqual(before);
  });

  it("reports the declared fields' own problems as before, and nothing is ignored when nothing is unknown", () => {
    const bad = parseDroppingUnknownFields(schema, { agentId: 42, runId: "r" });
    expect(bad.result.success).toBe(false);
    expect(bad.result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["agentId"]);
    expect(bad.ignored).toEqual(["runId"]);
    expect(parseDroppingUnknownFields(schema, { agentId: "x" }).ignored).toEqual([]);
  });

  it("takes a __proto__ key for the unknown field it is, without touching any prototype", () => {
    const { result, ignored } = parseDroppingUnknownFields(schema, JSON.parse('{"agentId":"x","__proto__":{"polluted":true}}'));
    expect(result.success).toBe(true);
    expect(ignored).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("ignoredFieldsHeader", () => {
  it("keeps plain names, percent-encodes the rest, cuts long ones, and stops after 50 names or 2,000 characters", () => {
    expect(ignoredFieldsHeader(["runId", "foo.bar", "a,b", "café", "line\nbreak"])).toBe("runId, foo.bar, a%2Cb, caf%C3%A9, line%0Abreak");
    expect(ignoredFieldsHeader(Array.from({ length: 60 }, (_, i) => `f${i}`))).toMatch(/^f0, f1, .*, f49, \.\.\. 10 more$/);
    expect(ignoredFieldsHeader(["k".repeat(50_000), "short"])).toBe(`${"k".repeat(100)}..., short`);
    expect(ignoredFieldsHeader([`${"a".repeat(99)}😀😀`])).toBe(`${"a".repeat(99)}${encodeURIComponent("😀")}...`);
    const long = Array.from({ length: 40 }, (_, i) => `${i}`.padStart(90, "x"));
    const header = ignoredFieldsHeader(long);
    expect(header.length).toBeLessThan(2_100);
    expect(header).toMatch(/, \.\.\. 19 more$/);
  });
});
