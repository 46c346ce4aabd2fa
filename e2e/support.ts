import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";

export const ADMIN = { email: "admin@example.com", password: "e2e-password-123" };

/** Signs in through next-auth's own endpoints, leaving the session cookie in the request context. */
export async function signInThroughNextAuth(request: APIRequestContext, credentials = ADMIN) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = await csrf.json();
  const callback = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: credentials.email, password: credentials.password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(callback.status());
  const session = await (await request.get("/api/auth/session")).json();
  expect(session.user?.email).toBe(credentials.email);
}

export async function json(response: APIResponse, status: number) {
  const text = await response.text();
  expect(response.status(), `${response.url()} → ${text}`).toBe(status);
  return text ? JSON.parse(text) : null;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A board key for the e2e admin, minted through the session like a user in Settings would. */
export async function adminBoardKey(request: APIRequestContext, baseURL: string): Promise<string> {
  await signInThroughNextAuth(request);
  const key = await json(await request.post("/api/board-api-keys", { data: { name: "e2e" }, headers: { origin: baseURL } }), 201);
  return key.token;
}
