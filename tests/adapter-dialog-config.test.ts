import { describe, expect, it } from "vitest";
import { adapterConfigFromForm, adapterConfigToSave } from "@/components/agents/adapter-dialog";

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("the adapter dialog's saved config", () => {
  const stored = {
    adapterType: "claude_local",
    adapterConfig: { claudePath: "/opt/claude", model: "opus", env: { TOKEN: "x" }, dangerouslySkipPermissions: false, mcp: false },
  };

  it("keeps what the form does not show, drops what it shows but was emptied, and writes mcp only when unticked", () => {
    const edited = adapterConfigFromForm("claude_local", form({ claudePath: "/opt/claude", model: "", mcp: "on" }));
    expect(adapterConfigToSave("claude_local", edited, stored)).toEqual({
      claudePath: "/opt/claude",
      env: { TOKEN: "x" },
      dangerouslySkipPermissions: false,
    });
    const unticked = adapterConfigFromForm("claude_local", form({ claudePath: "/opt/claude" }));
    expect(adapterConfigToSave("claude_local", unticked, stored)).toMatchObject({ mcp: false, env: { TOKEN: "x" } });
  });

  it("a new adapter type starts from the form alone; process and http have no MCP switch", () => {
    const codex = adapterConfigFromForm("codex_local", form({ codexPath: "codex", mcp: "on" }));
    expect(adapterConfigToSave("codex_local", codex, stored)).toEqual({ codexPath: "codex" });
    const process = adapterConfigFromForm("process", form({ command: "/bin/agent" }));
    expect(adapterConfigToSave("process", process, stored)).toEqual({ command: "/bin/agent" });
    expect(adapterConfigToSave("http", adapterConfigFromForm("http", form({ url: "http://127.0.0.1:9" })), stored)).toEqual({ url: "http://127.0.0.1:9" });
  });
});
