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
  /** Where the run works (see runFolder): the issue's workspace, the board-set cwd, else the agent's own folder. */
  cwd: string;
  /** The run works in the agent's own folder, which is not a git repository. */
  ownFolder: boolean;
  /** Appends to the run log (the board can watch it live). */
  log: (chunk: string) => void;
  /** Resolves when someone cancels the run. */
  cancelled: Promise<void>;
  /** The agent's saved session for the task, and how to change it (codex_local, claude_local). */
  session: { get: () => string | null; set: (sessionId: string | null) => Promise<void> };
  /** Why the agent woke, in the words the CLI adapters put in their prompt. */
  wake: WakeDescription;
  /** What the CLI adapters hand the CLI on every run: skills and the agent's instructions. */
  delivery: Delivery;
};

export type WakeDescription = {
  reason: string;
  issue: { id: string; identifier: string; title: string } | null;
  comment: { id: string; body: string } | null;
};

/** A skill folder to deliver: SKILL.md, supporting files by relative path, and where it came from. */
export type DeliveredSkill = { key: string; name: string; markdown: string; files: Record<string, string>; contentHash: string; source: "bundled" | "company" };

export type Delivery = { skills: DeliveredSkill[]; instructions: { path: string; content: string }[] };

export type Adapter = (context: RunContext) => Promise<AdapterResult>;

export const LOG_LIMIT_BYTES = 512 * 1024;
