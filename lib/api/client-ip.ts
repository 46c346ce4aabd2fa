// The caller's address, for per-client limits. The HTTP server in front of Next overwrites X-Forwarded-For with the
// socket address (or, with TRUST_PROXY, the address the proxy reports), so by the time a request reaches a route the
// first entry is the one to trust; anything a client sent itself has already been replaced.

/** Where no address is known (in-process calls): every such caller shares one budget. */
export const UNKNOWN_CLIENT_IP = "unknown";

// Longer than any IPv6 text form; a longer "address" is garbage and must not grow the limiter's keys.
const MAX_ADDRESS_LENGTH = 64;

export function clientIp(headers: Headers): string {
  const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
  if (!first || first.length > MAX_ADDRESS_LENGTH) return UNKNOWN_CLIENT_IP;
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; it is the same caller as a.b.c.d.
  return first.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
}
