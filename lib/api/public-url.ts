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
