import { describe, expect, it } from "vitest";
import { isClaudeUnknownSessionError, parseClaudeStreamJson } from "./claude-parse";

const lines = (...events: unknown[]) => events.map((event) => JSON.stringify(event)).join("\n");

describe("parseClaudeStreamJson", () => {
  it("takes the session from init, the summary from the result, all input with cache reads as cached input, and the cost in cents", () => {
    const stdout = lines(
      { type: "system", subtype: "init", session_id: "sess-1", model: "claude-sonnet-4-5" },
      {
        type: "assistant",
        session_id: "sess-1",
        message: {
          content: [
            { type: "text", text: "Working on it" },
            { type: "tool_use", name: "Bash" },
          ],
        },
      },
      {
        type: "result",
        subtype: "success",
        is_error: false,
        result: "  Done: fixed the test.  ",
        session_id: "sess-1",
        total_cost_usd: 0.4213,
        usage: { input_tokens: 1500, cache_creation_input_tokens: 400, cache_read_input_tokens: 12000, output_tokens: 350 },
      },
    );
    const parsed = parseClaudeStreamJson(`not json\n${stdout}\n`);
    expect(parsed).toMatchObject({ sessionId: "sess-1", model: "claude-sonnet-4-5", summary: "Done: fixed the test.", errorMessage: null });
    // input_tokens leaves out the 12000 cache reads and 400 cache writes; inputTokens counts them, as codex's does.
    expect(parsed.usage).toEqual({ inputTokens: 13900, cachedInputTokens: 12000, outputTokens: 350, model: "claude-sonnet-4-5", costCents: 42.13 });
  });

  it("without a result event keeps the assistant's words and reports no usage", () => {
    const parsed = parseClaudeStreamJson(
      lines(
        { type: "assistant", session_id: "sess-2", message: { content: [{ type: "text", text: "First" }] } },
        { type: "assistant", message: { content: [{ type: "text", text: "Second" }] } },
      ),
    );
    expect(parsed).toMatchObject({ sessionId: "sess-2", result: null, summary: "First\n\nSecond", usage: null, errorMessage: null });
  });

  it("an error result names its subtype and the CLI's message", () => {
    const parsed = parseClaudeStreamJson(
      lines({ type: "result", subtype: "error_max_turns", is_error: true, session_id: "sess-3", num_turns: 5, usage: { input_tokens: 1, output_tokens: 2 } }),
    );
    expect(parsed.errorMessage).toBe("Claude run failed (error_max_turns)");
    expect(parsed.usage).toMatchObject({ inputTokens: 1, cachedInputTokens: 0, outputTokens: 2 });
    expect(parsed.usage).not.toHaveProperty("costCents");
  });
});

describe("isClaudeUnknownSessionError", () => {
  // The shape Claude Code prints for `--resume` with an id it has never seen: no `result` text, the sentence in `errors`.
  const unknown = lines({
    type: "result",
    subtype: "error_during_execution",
    is_error: true,
    num_turns: 0,
    session_id: "stale-1",
    total_cost_usd: 0,
    errors: ["No conversation found with session ID: stale-1"],
  });

  it("recognises the missing conversation from the result's errors or from stderr alone", () => {
    expect(isClaudeUnknownSessionError(parseClaudeStreamJson(unknown), "")).toBe(true);
    expect(isClaudeUnknownSessionError(parseClaudeStreamJson(""), "No conversation found with session ID: abc\n")).toBe(true);
    expect(isClaudeUnknownSessionError(parseClaudeStreamJson(""), "Error: --resume requires a valid session ID")).toBe(true);
  });

  it("does not mistake other failures for it", () => {
    const rateLimited = lines({ type: "result", subtype: "error_during_execution", is_error: true, errors: ["API Error: 429 rate_limit_error"] });
    expect(isClaudeUnknownSessionError(parseClaudeStreamJson(rateLimited), "")).toBe(false);
    expect(isClaudeUnknownSessionError(parseClaudeStreamJson(""), "Invalid API key · Please run /login")).toBe(false);
  });
});
