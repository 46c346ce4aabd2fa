import { describe, expect, it } from "vitest";
import { claudeMcpAddCommand, codexMcpTable, mcpEndpoint, runMcpAccess, tomlMcpServerState, tomlString } from "./mcp-config";

describe("mcpEndpoint", () => {
  it("appends /api/mcp to the API URL, keeping a proxy's path prefix and dropping trailing slashes", () => {
    expect(mcpEndpoint("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000/api/mcp");
    expect(mcpEndpoint("https://board.example.test/switchboard//")).toBe("https://board.example.test/switchboard/api/mcp");
  });
});

describe("runMcpAccess", () => {
  const env = { PAPERCLIP_API_URL: "http://127.0.0.1:3000", PAPERCLIP_API_KEY: "pcp_run_abc" };

  it("is on unless the owner set mcp to false, with the run's own URL and key", () => {
    expect(runMcpAccess({}, env)).toEqual({ url: "http://127.0.0.1:3000/api/mcp", token: "pcp_run_abc" });
    expect(runMcpAccess({ mcp: true }, env)).toEqual({ url: "http://127.0.0.1:3000/api/mcp", token: "pcp_run_abc" });
    expect(runMcpAccess({ mcp: false }, env)).toBeNull();
  });

  it("gives nothing when the environment lacks the URL or the key", () => {
    expect(runMcpAccess({}, { PAPERCLIP_API_URL: env.PAPERCLIP_API_URL })).toBeNull();
    expect(runMcpAccess({}, { PAPERCLIP_API_KEY: env.PAPERCLIP_API_KEY })).toBeNull();
  });
});

describe("tomlString and codexMcpTable", () => {
  it("escapes quotes, backslashes and control characters so no URL can end the string or add a key", () => {
    expect(tomlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(tomlString("x\ny\tz\r\u0001\u007f")).toBe('"x\\ny\\tz\\r\\u0001\\u007f"');
    const table = codexMcpTable('http://h/"]\nbearer_token = "stolen', "PAPERCLIP_API_KEY");
    expect(table.split("\n")).toEqual([
      "[mcp_servers.switchboard]",
      'url = "http://h/\\"]\\nbearer_token = \\"stolen"',
      'bearer_token_env_var = "PAPERCLIP_API_KEY"',
      "",
    ]);
    expect(codexMcpTable("http://h/api/mcp", "K", { "X-Paperclip-Run-Id": "R" })).toBe(
      '[mcp_servers.switchboard]\nurl = "http://h/api/mcp"\nbearer_token_env_var = "K"\nenv_http_headers = { "X-Paperclip-Run-Id" = "R" }\n',
    );
  });
});

describe("claudeMcpAddCommand", () => {
  it("leaves the key to the shell and quotes a URL the shell would split", () => {
    expect(claudeMcpAddCommand("https://board.example.test/api/mcp", "SWITCHBOARD_AGENT_KEY")).toBe(
      'claude mcp add --transport http switchboard https://board.example.test/api/mcp --header "Authorization: Bearer $SWITCHBOARD_AGENT_KEY"',
    );
    expect(claudeMcpAddCommand("https://h/a b?x=1&y='2'", "K")).toContain(`'https://h/a b?x=1&y='\\''2'\\'''`);
    expect(claudeMcpAddCommand("http://h/api/mcp", "K", "R")).toBe(
      'claude mcp add --transport http switchboard http://h/api/mcp --header "Authorization: Bearer $K" --header "X-Paperclip-Run-Id: $R"',
    );
  });
});

describe("tomlMcpServerState", () => {
  it("finds the server however the TOML spells its table or keys", () => {
    for (const toml of [
      '[mcp_servers.switchboard]\nurl = "x"',
      '[ mcp_servers . "switchboard" ]  # ours\nurl = "x"',
      "[mcp_servers.'switchboard'.env_http_headers]\nA = \"b\"",
      '[mcp_servers]\nswitchboard = { url = "x" }',
      '[mcp_servers]\n"switchboard".url = "x"',
      'mcp_servers.switchboard.url = "x"',
      'mcp_servers = { other = { url = "y" }, switchboard = { url = "x" } }',
    ])
      expect(tomlMcpServerState(toml), toml).toBe("defined");
  });

  it("does not count other servers, comments or text inside multi-line strings", () => {
    for (const toml of [
      "",
      'model = "gpt-5"\n',
      '[mcp_servers.switchboard_old]\nurl = "x"',
      '[mcp_servers.other]\nurl = "x"\n[profiles.switchboard]\nmodel = "o3"',
      '# [mcp_servers.switchboard]\nmodel = "gpt-5"',
      'instructions = """\n[mcp_servers.switchboard]\nurl = "x"\n"""\nmodel = "gpt-5"',
      "[projects.'/home/me/switchboard']\ntrust_level = \"trusted\"",
    ])
      expect(tomlMcpServerState(toml), toml).toBe("absent");
  });

  it("reports an inline mcp_servers table, which an appended table may not extend", () => {
    expect(tomlMcpServerState('mcp_servers = { other = { url = "y" } }')).toBe("inline");
  });
});
