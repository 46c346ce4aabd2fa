/** `value` as a URL, or null when absent or malformed. */
export function parsedUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The origin of the board's public URL (`NEXTAUTH_URL`, which the launcher always sets), or null when unset or
 * malformed. Read per call so a test or a restart with another value takes effect; never taken from request headers.
 */
export function configuredPublicOrigin(): string | null {
  return parsedUrl(process.env.NEXTAUTH_URL)?.origin ?? null;
}

/**
 * Where agents off this machine reach the API: `SWITCHBOARD_PUBLIC_URL` (what runs are given; it may carry a proxy's
 * path prefix), else the board's public origin, else null. Read per call, like the origin above.
 */
export function publicApiUrl(): string | null {
  const configured = parsedUrl(process.env.SWITCHBOARD_PUBLIC_URL);
  return configured ? configured.href.replace(/\/+$/, "") : configuredPublicOrigin();
}
