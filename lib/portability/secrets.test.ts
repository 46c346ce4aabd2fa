import { describe, expect, it } from "vitest";
import { looksSecret, scrubEnvMap, scrubEnvSecrets } from "./secrets";

describe("what an export scrubs", () => {
  it("names that say secret, and values shaped like keys, look secret; ordinary settings do not", () => {
    for (const name of ["OPENAI_API_KEY", "GITHUB_TOKEN", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "SSH_PRIVATE_KEY", "SENTRY_DSN", "auth_header"]) {
      expect(looksSecret(name, "x")).toBe(true);
    }
    for (const value of ["sk-abc", "ghp_0123", "xoxb-1-2", "AKIAIOSFODNN7EXAMPLE", "pcp_board_abc", "Bearer abc", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"]) {
      expect(looksSecret("SETTING", value)).toBe(true);
    }
    for (const [name, value] of [
      ["LOG_LEVEL", "debug"],
      ["PUBLIC_URL", "https://example.test/a/b"],
      ["NODE_ENV", "production"],
      ["KEYBOARD_LAYOUT", "us"],
      ["PATH_LIST", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"],
    ]) {
      expect(looksSecret(name, value)).toBe(false);
    }
  });

  it("drops secret entries of every env object at any depth, keeps the rest and says what it dropped", () => {
    const warnings: string[] = [];
    const config = { model: "sonnet", token: "not-in-env-so-kept", env: { API_KEY: "k", LOG_LEVEL: "info" }, nested: { environment: { STRIPE_SECRET: "s" } } };
    expect(scrubEnvSecrets(config, "Agent A adapterConfig", warnings)).toEqual({
      model: "sonnet",
      token: "not-in-env-so-kept",
      env: { LOG_LEVEL: "info" },
      nested: { environment: {} },
    });
    expect(warnings).toEqual([
      "Agent A adapterConfig: env.API_KEY was left out because it looks secret; set it again after importing",
      "Agent A adapterConfig: nested.environment.STRIPE_SECRET was left out because it looks secret; set it again after importing",
    ]);
    expect(scrubEnvMap({ DB_PASSWORD: "p", PORT: "3000" }, "Project P env", warnings)).toEqual({ PORT: "3000" });
    expect(scrubEnvMap(null, "Project P env", warnings)).toBeNull();
  });
});
