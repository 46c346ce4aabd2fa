/**
 * The origin of the board's public URL (`NEXTAUTH_URL`, which the launcher always sets), or null when unset or
 * malformed. Read per call so a test or a restart with another value takes effect; never taken from request headers.
 */
export function configuredPublicOrigin(): string | null {
  const configured = process.env.NEXTAUTH_URL;
  if (!configured) return null;
  try {
    return new URL(configured).origin;
  } catch {
    return null;
  }
}
