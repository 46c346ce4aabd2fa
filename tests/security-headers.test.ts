// The built app as `npm start` runs it: HSTS follows the public URL the server runs with, not the one it was built
// with, since the launcher reuses one build whatever NEXTAUTH_URL says.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseOnTestServer, launch, stop, waitForHealth } from "./support/launcher";

describe("security headers at run time", () => {
  it("GET /login and /api/health — HSTS, and a fresh nonce policy on pages, when NEXTAUTH_URL is https", async () => {
    const handle = await launch({
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchboard-hsts-")),
      DATABASE_URL: await databaseOnTestServer(),
      NEXTAUTH_URL: "https://board.example.test",
    });
    await waitForHealth(handle);
    const first = await fetch(`http://localhost:${handle.port}/login`, { redirect: "manual" });
    const second = await fetch(`http://localhost:${handle.port}/login`, { redirect: "manual" });
    expect(first.status).toBe(200);
    expect(first.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const nonces = [first, second].map((response) => response.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1]);
    expect(nonces[0]).toBeTruthy();
    expect(nonces[1]).not.toBe(nonces[0]);
    expect(await first.text()).toContain(`nonce="${nonces[0]}"`);
    const api = await fetch(`http://localhost:${handle.port}/api/health`);
    expect(api.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(await stop(handle)).toBe(0);
  }, 300_000);
});
