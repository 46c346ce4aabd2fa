import { isIPv6 } from "node:net";

// The caller's address, for per-client limits. The HTTP server in front of Next overwrites X-Forwarded-For with the
// socket address (or, with TRUST_PROXY, the address the proxy reports), so by the time a request reaches a route the
// first entry is the one to trust; anything a client sent itself has already been replaced.

/** Where no address is known (in-process calls): every such caller shares one budget. */
export const UNKNOWN_CLIENT_IP = "unknown";

// Longer than any IPv6 text form; a longer "address" is garbage and must not grow the limiter's keys.
const MAX_ADDRESS_LENGTH = 64;

/**
 * The key a caller is limited by. The HTTP server already writes IPv4 clients of a dual-stack socket as a.b.c.d; an
 * IPv6 client is keyed by its /64, since one host commonly holds a whole /64 and could otherwise take a new address per
 * attempt.
 */
export function clientIp(headers: Headers): string {
  const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim().toLowerCase() ?? "";
  if (!first || first.length > MAX_ADDRESS_LENGTH) return UNKNOWN_CLIENT_IP;
  return isIPv6(first) ? ipv6Prefix64(first) : first;
}

/** `2001:db8:1:2:aaaa::1` → `2001:db8:1:2::/64`; forms with an embedded IPv4 tail are kept whole. */
function ipv6Prefix64(address: string): string {
  if (address.includes(".")) return address;
  const [head, tail = ""] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
