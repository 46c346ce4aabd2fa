import { z } from "zod";
import { Unprocessable, zodIssuesToInvalidParams } from "../errors";

const common = {
  cwd: z
    .string()
    .min(1)
    .max(1000)
    .refine((value) => value.startsWith("/"), { error: "Must be an absolute path" })
    .optional()
    .describe("Absolute folder the run works in when its issue has no workspace; else the agent's own folder under the data dir"),
  timeoutSec: z.int().min(1).max(86_400).optional(),
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: "Environment names are UPPER_SNAKE_CASE" }), z.string().max(10_000)).optional(),
};

/** The coding CLIs get Switchboard's MCP server on every run unless the owner says no. */
const mcp = z
  .boolean()
  .optional()
  .describe("Give each run Switchboard's MCP server (/api/mcp with the run's own key) in the CLI's per-run MCP configuration; on unless false");

/** What each adapter needs; set by board owners only, since `command` and `codexPath` become processes. */
export const ADAPTER_CONFIG_SCHEMAS = {
  process: z.strictObject({ ...common, command: z.string().min(1).max(1000), args: z.array(z.string().max(10_000)).max(100).optional() }),
  http: z.strictObject({ url: z.url(), timeoutSec: common.timeoutSec }),
  codex_local: z.strictObject({
    ...common,
    codexPath: z.string().min(1).max(1000).optional(),
    args: z.array(z.string().max(1000)).max(50).optional(),
    mcp,
  }),
  claude_local: z.strictObject({
    ...common,
    claudePath: z.string().min(1).max(1000).optional().describe("The claude binary; `claude` on PATH when unset"),
    args: z.array(z.string().max(1000)).max(50).optional().describe("Extra arguments after Switchboard's own"),
    model: z
      .string()
      .regex(/^[A-Za-z0-9][\w.:/[\]-]{0,199}$/, { error: "A model name such as sonnet or claude-sonnet-4-5" })
      .optional()
      .describe("Passed as --model"),
    maxTurns: z.int().min(1).max(10_000).optional().describe("Passed as --max-turns"),
    dangerouslySkipPermissions: z.boolean().optional().describe("Skip Claude Code's permission prompts (print mode cannot answer them); on unless false"),
    mcp,
  }),
} as const;

/** 422 naming each bad field (`adapterConfig.command`) when a config does not suit its adapter type. */
export function requireValidAdapterConfig(adapterType: string, config: unknown) {
  const schema = ADAPTER_CONFIG_SCHEMAS[adapterType as keyof typeof ADAPTER_CONFIG_SCHEMAS];
  if (!schema) return;
  const parsed = schema.safeParse(config);
  if (!parsed.success)
    throw new Unprocessable(`The ${adapterType} adapter config is invalid`, "invalid_adapter_config", {
      invalidParams: zodIssuesToInvalidParams("adapterConfig", parsed.error),
    });
}
