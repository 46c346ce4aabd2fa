// Security headers in one place: the per-request page policy (proxy.ts), the fixed headers for everything else
// (next.config.ts) and HSTS (scripts/server.ts, on every response). No "server-only" marker: next.config.ts loads this module outside Next's bundler.

/** The request header that carries a page request's nonce from proxy.ts to server components (`headers()`). */
export const NONCE_HEADER = "x-nonce";

export const STRICT_TRANSPORT_SECURITY_HEADER = "Strict-Transport-Security";

/** A fresh, unguessable nonce: 16 random bytes, base64 (valid in a CSP `'nonce-…'` source). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy for a page: scripts run only with this response's nonce ('strict-dynamic' lets those scripts load
 * Next's chunks), so agent-written text that reaches the HTML can never run.
 */
export function pageContentSecurityPolicy(nonce: string, { development }: { development: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server error stacks; production never needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Styles keep 'unsafe-inline': server-rendered React `style` attributes cannot carry a nonce, and a nonce here would
    // disable 'unsafe-inline'; injected CSS cannot run script, and connect-src/img-src stay 'self' against exfiltration.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** The policy for responses that are never pages (API JSON, static files): nothing in them may load or run. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers every response gets, whatever produced it. */
export const FIXED_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/**
 * HSTS for a board served over https (the public URL, `NEXTAUTH_URL`), or null: over plain http it would be ignored
 * by browsers at best, and it must never pin a deployment that has no certificate.
 */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  try {
    return new URL(publicUrl).protocol === "https:" ? "max-age=31536000; includeSubDomains" : null;
  } catch {
    return null;
  }
}
