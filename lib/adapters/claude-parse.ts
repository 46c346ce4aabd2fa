import type { Usage } from "./types";

export type ClaudeStream = {
  sessionId: string | null;
  model: string | null;
  /** The final `result` event, when the CLI got as far as printing one. */
  result: Record<string, unknown> | null;
  summary: string;
  usage: Usage | null;
  /** Why the run failed, in the CLI's words, when its result says it did. */
  errorMessage: string | null;
};

const record = (value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const text = (value: unknown) => (typeof value === "string" ? value : null);

/** The messages a result event carries in `errors` (strings, or objects with a message). */
function resultErrors(result: Record<string, unknown>): string[] {
  if (!Array.isArray(result.errors)) return [];
  return result.errors
    .map((entry) => text(entry) ?? text(record(entry).message) ?? text(record(entry).error) ?? "")
    .map((message) => message.trim())
    .filter(Boolean);
}

/**
 * What `claude --print --output-format stream-json --verbose` printed: the session id (from the init line, assistant
 * lines or the result), the final `result` text, token usage (all input, cache reads as cached input) and the reported cost.
 */
export function parseClaudeStreamJson(stdout: string): ClaudeStream {
  let sessionId: string | null = null;
  let model: string | null = null;
  let result: Record<string, unknown> | null = null;
  const messages: string[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith("{")) continue;
    let event: Record<string, unknown>;
    try {
      event = record(JSON.parse(line));
    } catch {
      continue;
    }
    sessionId = text(event.session_id) || sessionId;
    if (event.type === "system" && event.subtype === "init") model = text(event.model) || model;
    else if (event.type === "assistant") {
      const content = record(event.message).content;
      for (const block of Array.isArray(content) ? content : [])
        if (record(block).type === "text" && text(record(block).text)) messages.push(text(record(block).text)!);
    } else if (event.type === "result") result = event;
  }
  if (!result) return { sessionId, model, result: null, summary: messages.join("\n\n").trim(), usage: null, errorMessage: null };

  const counts = record(result.usage);
  const count = (key: string) => (typeof counts[key] === "number" ? (counts[key] as number) : 0);
  const cost = typeof result.total_cost_usd === "number" && Number.isFinite(result.total_cost_usd) ? result.total_cost_usd : null;
  // Claude's input_tokens leaves out cache reads and writes; our inputTokens (as codex reports it) counts all input, of
  // which cachedInputTokens were read from cache, so prices apply to each part once.
  const usage: Usage = {
    inputTokens: count("input_tokens") + count("cache_read_input_tokens") + count("cache_creation_input_tokens"),
    cachedInputTokens: count("cache_read_input_tokens"),
    outputTokens: count("output_tokens"),
    ...(model ? { model } : {}),
    ...(cost !== null ? { costCents: cost * 100 } : {}),
  };
  const failed = result.is_error === true || (typeof result.subtype === "string" && result.subtype !== "success");
  const detail = text(result.result)?.trim() || resultErrors(result)[0] || null;
  return {
    sessionId,
    model,
    result,
    summary: (text(result.result) ?? messages.join("\n\n")).trim(),
    usage,
    errorMessage: failed ? [`Claude run failed (${String(result.subtype ?? "error")})`, detail].filter(Boolean).join(": ") : null,
  };
}

/** Claude Code's ways of saying the session given to `--resume` does not exist: clear it and start fresh. */
export function isClaudeUnknownSessionError(stream: ClaudeStream, stderr: string): boolean {
  const messages = [text(stream.result?.result) ?? "", ...(stream.result ? resultErrors(stream.result) : []), ...stderr.split(/\r?\n/)];
  return messages.some((message) =>
    /no conversation found with session id|unknown session|session .* not found|not a valid uuid|--resume requires a valid session/i.test(message),
  );
}
