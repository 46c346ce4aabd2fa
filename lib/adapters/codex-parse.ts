import type { Usage } from "./types";

/** What `codex exec --json` printed: the thread (session) id, the assistant's last words, token usage and any error. */
export function parseCodexJsonl(stdout: string): { sessionId: string | null; summary: string; usage: Usage; errorMessage: string | null } {
  let sessionId: string | null = null;
  const messages: string[] = [];
  let errorMessage: string | null = null;
  const usage: Usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith("{")) continue;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    const record = (value: unknown) => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});
    switch (event.type) {
      case "thread.started":
        sessionId = text(event.thread_id) ?? sessionId;
        break;
      case "item.completed": {
        const item = record(event.item);
        if (item.type === "agent_message" && text(item.text)) messages.push(text(item.text)!);
        break;
      }
      case "turn.completed": {
        const counts = record(event.usage);
        const count = (key: string, fallback: number) => (typeof counts[key] === "number" ? (counts[key] as number) : fallback);
        usage.inputTokens = count("input_tokens", usage.inputTokens);
        usage.cachedInputTokens = count("cached_input_tokens", usage.cachedInputTokens);
        usage.outputTokens = count("output_tokens", usage.outputTokens);
        break;
      }
      case "turn.failed":
        errorMessage = text(record(event.error).message)?.trim() || errorMessage;
        break;
      case "error":
        errorMessage = text(event.message)?.trim() || errorMessage;
        break;
    }
  }
  return { sessionId, summary: messages.join("\n\n").trim(), usage, errorMessage };
}

/** Codex's ways of saying the saved session cannot be resumed: clear it and start fresh. */
export function isCodexUnknownSessionError(stdout: string, stderr: string): boolean {
  const haystack = `${stdout}\n${stderr}`
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");
  return /unknown (session|thread)|session .* not found|thread .* not found|conversation .* not found|missing rollout path for thread|state db missing rollout path|no rollout found for thread id/i.test(
    haystack,
  );
}
