// Driving a launched server from outside, as the bench and the launcher tests do.
import type { ChildProcess } from "node:child_process";

/** Polls GET /api/health until it answers 200; fails fast, with the launcher's output, if the launcher exits. */
export async function waitForHealth(baseUrl: string, launcher: ChildProcess, output: () => string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null) throw new Error(`launcher exited early (code ${launcher.exitCode}):\n${output().slice(-4000)}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      const body = await response.json();
      if (response.status === 200) return body;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy server within ${timeoutMs} ms:\n${output().slice(-4000)}`);
}

export type Credentials = { email: string; password: string };

/** Signs in through next-auth's own endpoints, as the login page does: the `next-auth.session-token=…` cookie. */
export async function signIn(baseUrl: string, credentials: Credentials): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfCookie = csrfResponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const login = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: credentials.email, password: credentials.password, json: "true" }),
  });
  await login.arrayBuffer();
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in did not set a session cookie (HTTP ${login.status})`);
  return session;
}

/** Mints a board API key with a fresh session, as Settings does. */
export async function mintBoardKey(baseUrl: string, credentials: Credentials, name: string): Promise<string> {
  const session = await signIn(baseUrl, credentials);
  const key = await fetch(`${baseUrl}/api/board-api-keys`, {
    method: "POST",
    headers: { cookie: session, origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const body = (await key.json()) as { token?: string };
  if (key.status !== 201 || !body.token) throw new Error(`board key: HTTP ${key.status} ${JSON.stringify(body)}`);
  return body.token;
}
