"use client";

import { useSyncExternalStore } from "react";
import { Section } from "@/components/ui/page-header";
import { CopyButton } from "@/components/workspaces/labels";
import { MCP_SERVER_NAME, RUN_ID_HEADER, claudeMcpAddCommand, claudeMcpConfig, codexMcpTable, mcpEnabled, mcpEndpoint } from "@/lib/adapters/mcp-config";

/** The variable the snippets read the agent's key from; the key itself is never on the page. */
const KEY_ENV_VAR = "SWITCHBOARD_AGENT_KEY";
/** The variable holding the run id an agent key's changes are recorded under (any UUID the user picks). */
const RUN_ID_ENV_VAR = "SWITCHBOARD_RUN_ID";

const noSubscription = () => () => {};

/**
 * How to connect an MCP client run elsewhere (Claude Code, Codex, any Streamable HTTP client) to Switchboard as this
 * agent. `apiUrl` is the server's public API URL; without one configured, the address this board was opened at.
 */
export function AgentMcpConfig({ apiUrl, adapterType, adapterConfig }: { apiUrl: string | null; adapterType: string; adapterConfig: unknown }) {
  const browserOrigin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => null,
  );
  const base = apiUrl ?? browserOrigin;
  const runsGetIt = adapterType === "claude_local" || adapterType === "codex_local";
  const turnedOff = !mcpEnabled(adapterConfig);

  return (
    <Section
      title="Connect over MCP"
      description="The workflow's tools (tasks, thinking, attachments, metrics, file marks) for any MCP client, acting as this agent."
    >
      {runsGetIt ? (
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-300">
          {turnedOff
            ? "Runs started by Switchboard don't get this server: the adapter config sets mcp to false."
            : "Runs started by Switchboard get this server automatically, with the run's own key; nothing to set up for them."}
        </p>
      ) : null}
      {base ? <McpSnippets url={mcpEndpoint(base)} /> : null}
    </Section>
  );
}

function McpSnippets({ url }: { url: string }) {
  const snippets = [
    { id: "claude-command", title: "Claude Code", note: "Run in your project:", text: claudeMcpAddCommand(url, KEY_ENV_VAR, RUN_ID_ENV_VAR) },
    {
      id: "mcp-json",
      title: ".mcp.json",
      note: "Or in the project's .mcp.json (Claude Code expands the variables):",
      text: JSON.stringify(claudeMcpConfig(url, { Authorization: `Bearer \${${KEY_ENV_VAR}}`, [RUN_ID_HEADER]: `\${${RUN_ID_ENV_VAR}}` }), null, 2),
    },
    {
      id: "codex-toml",
      title: "Codex config.toml",
      note: "In ~/.codex/config.toml (Codex reads both values from the variables):",
      text: codexMcpTable(url, KEY_ENV_VAR, { [RUN_ID_HEADER]: RUN_ID_ENV_VAR }),
    },
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Endpoint (Streamable HTTP)</span>
        <code data-testid="mcp-endpoint" className="font-mono text-xs break-all text-zinc-900 dark:text-zinc-100">
          {url}
        </code>
        <CopyButton value={url} label="MCP endpoint" />
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Create a key for this agent under API keys on this page and export it as <code className="font-mono text-xs">{KEY_ENV_VAR}</code>; the client sends it
        as <code className="font-mono text-xs">Authorization: Bearer</code> and lists the server as <code className="font-mono text-xs">{MCP_SERVER_NAME}</code>
        . Changes (claim, update, attach…) are recorded under a run: export any UUID you choose for a working session as{" "}
        <code className="font-mono text-xs">{RUN_ID_ENV_VAR}</code> (for example <code className="font-mono text-xs">export {RUN_ID_ENV_VAR}=$(uuidgen)</code>),
        sent as <code className="font-mono text-xs">{RUN_ID_HEADER}</code>.
      </p>
      {snippets.map((snippet) => (
        <figure key={snippet.id} className="rounded-lg border border-zinc-200 dark:border-zinc-800">
          <figcaption className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
            <span className="text-xs text-zinc-600 dark:text-zinc-300">
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{snippet.title}</span> · {snippet.note}
            </span>
            <CopyButton value={snippet.text} label={`${snippet.title} configuration`} />
          </figcaption>
          {/* Focusable so a keyboard can scroll a long line sideways. */}
          <pre
            tabIndex={0}
            aria-label={`${snippet.title} configuration`}
            className="overflow-x-auto px-3 py-2 font-mono text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100"
          >
            <code>{snippet.text}</code>
          </pre>
        </figure>
      ))}
    </div>
  );
}
