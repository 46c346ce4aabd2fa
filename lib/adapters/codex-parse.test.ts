import { describe, expect, it } from "vitest";
import { isCodexUnknownSessionError, parseCodexJsonl } from "./codex-parse";

describe("parseCodexJsonl", () => {
  it("captures session id, assistant summary, usage, and error message (the seed's example)", () => {
    const stdout = [
      JSON.stringify({ type: "thread.started", thread_id: "thread_123" }),
      JSON.stringify({ type: "item.completed", item: { type: "agent_message", text: "Recovered response" } }),
      JSON.stringify({ type: "turn.completed", usage: { input_tokens: 10, cached_input_tokens: 2, output_tokens: 4 } }),
      JSON.stringify({ type: "turn.failed", error: { message: "resume failed" } }),
    ].join("\n");
    expect(parseCodexJsonl(stdout)).toEqual({
      sessionId: "thread_123",
      summary: "Recovered response",
      usage: { inputTokens: 10, cachedInputTokens: 2, outputTokens: 4 },
      errorMessage: "resume failed",
    });
  });

  it("skips noise and keeps every assistant message", () => {
    const stdout = [
      "Reading prompt from stdin...",
      "{not json",
      JSON.stringify({ type: "item.completed", item: { type: "agent_message", text: "One" } }),
      JSON.stringify({ type: "item.completed", item: { type: "reasoning", text: "hidden" } }),
      JSON.stringify({ type: "item.completed", item: { type: "agent_message", text: "Two" } }),
    ].join("\n");
    expect(parseCodexJsonl(stdout)).toMatchObject({ sessionId: null, summary: "One\n\nTwo", errorMessage: null });
  });
});

describe("isCodexUnknownSessionError", () => {
  it("detects the current missing-rollout thread error", () => {
    expect(
      isCodexUnknownSessionError("", "Error: thread/resume: thread/resume failed: no rollout found for thread id d448e715-7607-4bcc-91fc-7a3c0c5a9632"),
    ).toBe(true);
  });
  it("still detects existing stale-session wordings", () => {
    expect(isCodexUnknownSessionError("unknown thread id", "")).toBe(true);
    expect(isCodexUnknownSessionError("", "state db missing rollout path for thread abc")).toBe(true);
  });
  it("does not classify unrelated Codex failures as stale sessions", () => {
    expect(isCodexUnknownSessionError("", "model overloaded")).toBe(false);
  });
});
