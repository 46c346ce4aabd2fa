/** What every adapter hands back when a run ends. */
export type AdapterResult = {
  status: "succeeded" | "failed" | "timed_out" | "cancelled";
  exitCode: number | null;
  error: string | null;
  usage: Usage | null;
  summary: string | null;
  sessionId: string | null;
};

export type Usage = { inputTokens: number; cachedInputTokens: number; outputTokens: number; model?: string; costCents?: number };

export type RunContext = {
  runId: string;
  agentId: string;
  companyId: string;
  issueId: string | null;
  /** PAPERCLIP_* variables for this wake. */
  env: Record<string, string>;
  config: Record<string, unknown>;
  /** Appends to the run log (the board can watch it live). */
  log: (chunk: string) => void;
  /** Resolves when someone cancels the run. */
  cancelled: Promise<void>;
  /** The agent's saved session for the task, and how to change it (codex_local). */
  session: { get: () => string | null; set: (sessionId: string | null) => Promise<void> };
};

export type Adapter = (context: RunContext) => Promise<AdapterResult>;

export const LOG_LIMIT_BYTES = 512 * 1024;
