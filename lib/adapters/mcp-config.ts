// How an MCP client reaches Switchboard's MCP server (`/api/mcp`): the per-run configuration the CLI adapters write and
// the snippets the agent page offers. Plain functions without server imports, so the board's client code can use them.

/** The name Switchboard's server goes by in every client configuration. */
export const MCP_SERVER_NAME = "switchboard";

/** What the server offers, in the words of the run log. */
export const MCP_TOOLS_SUMMARY = "tools for tasks, thinking, attachments, metrics, file marks";

/** The environment variable a CLI run's token is in, which codex is told to read its bearer token from. */
export const RUN_TOKEN_ENV_VAR = "PAPERCLIP_API_KEY";

/** `<api url>/api/mcp`; the API URL may carry a path prefix (a reverse proxy's), so only a trailing slash is dropped. */
export function mcpEndpoint(apiUrl: string): string {
  return `${apiUrl.replace(/\/+$/, "")}/api/mcp`;
}

/** A run's way in: the endpoint and the run's own token (`pcp_run_…`, bound to the run, valid while it runs). */
export type McpAccess = { url: string; token: string };

/** Whether an adapter config gives its runs the server: on unless the owner set `mcp: false`, like the adapter's other switches. */
export function mcpEnabled(config: unknown): boolean {
  return (config as { mcp?: unknown } | null)?.mcp !== false;
}

/**
 * The MCP access of a run from its PAPERCLIP_* environment, the same URL and key the REST API is reached with, or null
 * when the owner turned it off (mcpEnabled).
 */
export function runMcpAccess(config: Record<string, unknown>, env: Record<string, string>): McpAccess | null {
  if (!mcpEnabled(config)) return null;
  const apiUrl = env.PAPERCLIP_API_URL;
  const token = env[RUN_TOKEN_ENV_VAR];
  if (!apiUrl || !token) return null;
  return { url: mcpEndpoint(apiUrl), token };
}

/** The run-log line naming the server a run was given; never the token. */
export function mcpServerLogLine(url: string): string {
  return `[switchboard] MCP server: ${url} (${MCP_TOOLS_SUMMARY})\n`;
}

/**
 * The header naming the run an agent acts for. A run's own token is bound to its run; a client run elsewhere with an
 * agent key sends any UUID of its choosing, which Switchboard records as that agent's external run.
 */
export const RUN_ID_HEADER = "X-Paperclip-Run-Id";

/** Claude Code's MCP configuration (`--mcp-config` file, `.mcp.json`): one HTTP server with its headers. */
export function claudeMcpConfig(url: string, headers: Record<string, string>) {
  return { mcpServers: { [MCP_SERVER_NAME]: { type: "http", url, headers } } };
}

/** `value` as a TOML basic string: quotes, backslashes and control characters escaped, so no value can end the string. */
export function tomlString(value: string): string {
  const named: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
  const escape = (char: string) => {
    const code = char.charCodeAt(0);
    if (named[char]) return named[char];
    return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : char;
  };
  return `"${Array.from(value, escape).join("")}"`;
}

/**
 * Codex's `[mcp_servers.switchboard]` table: the URL, the name of the environment variable holding the token, and
 * optionally headers whose values codex reads from environment variables (header → variable name).
 */
export function codexMcpTable(url: string, tokenEnvVar: string, envHeaders: Record<string, string> = {}): string {
  const lines = [`[mcp_servers.${MCP_SERVER_NAME}]`, `url = ${tomlString(url)}`, `bearer_token_env_var = ${tomlString(tokenEnvVar)}`];
  const headers = Object.entries(envHeaders).map(([header, variable]) => `${tomlString(header)} = ${tomlString(variable)}`);
  if (headers.length) lines.push(`env_http_headers = { ${headers.join(", ")} }`);
  return `${lines.join("\n")}\n`;
}

/**
 * The `claude mcp add` command for an agent run elsewhere: the shell fills in the key from `keyEnvVar` and, when
 * given, the run id from `runIdEnvVar`.
 */
export function claudeMcpAddCommand(url: string, keyEnvVar: string, runIdEnvVar?: string): string {
  const quotedUrl = /^[\w.:/%+~@=-]+$/.test(url) ? url : `'${url.replaceAll("'", `'\\''`)}'`;
  const runId = runIdEnvVar ? ` --header "${RUN_ID_HEADER}: $${runIdEnvVar}"` : "";
  return `claude mcp add --transport http ${MCP_SERVER_NAME} ${quotedUrl} --header "Authorization: Bearer $${keyEnvVar}"${runId}`;
}

/** A TOML key or dotted key at the start of `text` (bare, "basic" or 'literal' parts), and what follows it. */
function readTomlKey(text: string): { path: string[]; rest: string } | null {
  const path: string[] = [];
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    const part = /^[A-Za-z0-9_-]+/.exec(rest) ?? /^"((?:[^"\\]|\\.)*)"/.exec(rest) ?? /^'([^']*)'/.exec(rest);
    if (!part) return null;
    path.push(part[1] !== undefined ? part[1].replace(/\\(["\\])/g, "$1") : part[0]);
    rest = rest.slice(part[0].length).trimStart();
    if (!rest.startsWith(".")) return { path, rest };
    rest = rest.slice(1);
  }
}

/**
 * Whether a config.toml already configures the server `name` under `mcp_servers` (as a table, a sub-table or dotted
 * keys: the user's own definition is kept), or sets `mcp_servers` itself as an inline table, which an appended
 * `[mcp_servers.<name>]` table may not extend. A line scan rather than a parser: multi-line strings are skipped so
 * their text never counts as a table.
 */
export function tomlMcpServerState(toml: string, name: string = MCP_SERVER_NAME): "absent" | "defined" | "inline" {
  let table: string[] = [];
  let openString: string | null = null;
  const isServer = (path: string[]) => path[0] === "mcp_servers" && path[1] === name;
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.trim();
    if (openString) {
      if (line.includes(openString)) openString = null;
      continue;
    }
    if (!line || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      const header = readTomlKey(line.replace(/^\[\[?/, ""));
      if (header && /^\]/.test(header.rest)) {
        table = header.path;
        if (isServer(table)) return "defined";
      }
      continue;
    }
    const key = readTomlKey(line);
    if (!key || !key.rest.startsWith("=")) continue;
    const full = [...table, ...key.path];
    if (isServer(full)) return "defined";
    const value = key.rest.slice(1).trim();
    if (full.length === 1 && full[0] === "mcp_servers") {
      const names = [...value.matchAll(/[{,]\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]/g)].map((match) => match[1].replace(/^["']|["']$/g, ""));
      return names.includes(name) ? "defined" : "inline";
    }
    const delimiter = value.startsWith('"""') ? '"""' : value.startsWith("'''") ? "'''" : null;
    if (delimiter && !value.slice(3).includes(delimiter)) openString = delimiter;
  }
  return "absent";
}
