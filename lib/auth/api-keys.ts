import { createHash, randomBytes } from "node:crypto";

// Paperclip's token formats, so its CLI and agents recognise our keys.
export const BOARD_KEY_PREFIX = "pcp_board_";
export const AGENT_KEY_PREFIX = "pcp_";
/** Handed to an agent process as PAPERCLIP_API_KEY for one run; it stops working when the run ends. */
export const RUN_TOKEN_PREFIX = "pcp_run_";

export type KeyKind = "board" | "agent" | "run";

export function generateApiKeyToken(kind: KeyKind): string {
  return (kind === "board" ? BOARD_KEY_PREFIX : kind === "run" ? RUN_TOKEN_PREFIX : AGENT_KEY_PREFIX) + randomBytes(24).toString("hex");
}

export function hashApiKeyToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Enough of a token to recognise it in a list, never enough to use it. */
export function displayPrefix(token: string): string {
  return token.slice(0, token.startsWith(BOARD_KEY_PREFIX) ? 14 : 8);
}

export function keyKindOf(token: string): KeyKind | null {
  if (token.startsWith(BOARD_KEY_PREFIX)) return "board";
  if (token.startsWith(RUN_TOKEN_PREFIX)) return "run";
  if (token.startsWith(AGENT_KEY_PREFIX)) return "agent";
  return null;
}
