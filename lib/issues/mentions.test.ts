import { describe, expect, it } from "vitest";
import { mentionedAgentIds } from "./mentions";

const agents = [
  { id: "a", name: "Builder Bot", urlKey: "builder-bot" },
  { id: "b", name: "QA", urlKey: "qa" },
  { id: "c", name: "QA Lead", urlKey: "qa-lead" },
];

describe("mentionedAgentIds", () => {
  it("finds names with spaces and url keys, case-insensitively", () => {
    expect(mentionedAgentIds("Thanks @builder bot, and cc @QA-lead.", agents)).toEqual(["a", "c"]);
  });

  it("needs a whole mention, not a prefix or an email address", () => {
    expect(mentionedAgentIds("mail qa@example.com or @qanda", agents)).toEqual([]);
    expect(mentionedAgentIds("@QA please", agents)).toEqual(["b"]);
  });

  it("matches at the start and after punctuation", () => {
    expect(mentionedAgentIds("@QA: look (@Builder Bot)", agents)).toEqual(["a", "b"]);
  });
});
