// next-auth's two browser calls, without next-auth/react: its client (with a regenerator runtime and session
// polling the board never uses) weighed about 13 kB gzipped on every page.

/** next-auth's CSRF token; the response also sets the cookie it is checked against. */
export async function getCsrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { credentials: "same-origin", headers: { accept: "application/json" } });
  if (!response.ok) return "";
  const { csrfToken } = (await response.json()) as { csrfToken?: string };
  return csrfToken ?? "";
}

/** Ends the session on the server (as next-auth's signOut() posts it), then opens `callbackUrl`. */
export async function signOut({ callbackUrl }: { callbackUrl: string }): Promise<void> {
  const csrfToken = await getCsrfToken();
  await fetch("/api/auth/signout", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  }).catch(() => undefined);
  window.location.assign(callbackUrl);
}
