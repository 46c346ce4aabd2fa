// What the HTTP server (scripts/server.ts) decides about a request before Next sees it, as pure functions: which raw
// /api paths are refused, what the forwarded headers say, and which methods a route path takes.
import type { IncomingHttpHeaders } from "node:http";

/** True for /api and everything under it, in origin form (`/api/...`), which is what the server hands to Next. */
export function isApiPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith("/api") && (url.length === 4 || url[4] === "/" || url[4] === "?");
}

/** `http://host/path?q` (absolute form, which proxies may send) → `/path?q`, so the /api checks see the real path. */
export function originForm(url: string): string {
  if (url.startsWith("/")) return url;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!origin) return url;
  const rest = url.slice(origin[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Why a raw /api path must not reach Next (a segment that does not percent-decode to UTF-8, decodes to `.` or `..`,
 * or holds a control character), or null. Paths without `%`, `/.` or control characters skip the per-segment walk.
 */
export function invalidPathReason(url: string): string | null {
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (!path.includes("%") && !path.includes("/.") && !hasControlCharacter(path)) return null;
  for (const segment of path.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `Segment "${segment}" is not valid percent-encoded UTF-8`;
    }
    if (decoded === "." || decoded === "..") return `Segment "${segment}" decodes to "${decoded}"`;
    if (hasControlCharacter(decoded)) return `Segment ${JSON.stringify(segment)} holds a control character`;
  }
  return null;
}

/**
 * TRUST_PROXY as the number of reverse proxies in front of the server whose X-Forwarded-* headers are believed:
 * unset, empty, `false` or `0` → none; `true` → one; a whole number → that many hops.
 */
export function parseTrustProxy(value: string | undefined): number {
  const normalized = (value ?? "").trim().toLowerCase();
  if (normalized === "" || normalized === "false" || normalized === "0") return 0;
  if (normalized === "true") return 1;
  if (/^\d{1,2}$/.test(normalized)) return Number(normalized);
  throw new Error(`TRUST_PROXY must be true, false or a number of proxy hops (0-99), not ${JSON.stringify(value)}`);
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) → `10.0.0.1`, so one client has one spelling. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export type Connection = { remoteAddress: string | undefined; encrypted: boolean };

/**
 * Rewrites the forwarded headers in place so that everything downstream (Next fills them only when absent) sees the
 * truth: `x-forwarded-for` becomes exactly one address, the client's as far as `trustedHops` proxies are believed.
 * With no trusted proxy, every client-sent forwarded header is replaced by what the socket and Host say.
 */
export function normalizeForwardedHeaders(headers: IncomingHttpHeaders, connection: Connection, trustedHops: number): void {
  const socketAddress = plainAddress(connection.remoteAddress ?? "");
  const scheme = connection.encrypted ? "https" : "http";
  if (trustedHops === 0) {
    headers["x-forwarded-for"] = socketAddress;
    headers["x-forwarded-proto"] = scheme;
    if (headers.host) headers["x-forwarded-host"] = headers.host;
    else delete headers["x-forwarded-host"];
    // Next fills x-forwarded-port with the port it listens on once the client's is gone.
    delete headers["x-forwarded-port"];
    delete headers.forwarded;
    delete headers["x-real-ip"];
    return;
  }
  // Each proxy appends the address it received from; the last `trustedHops` entries (the socket's included) are ours.
  const chain = [...[headers["x-forwarded-for"] ?? ""].flat().join(",").split(","), socketAddress].map((entry) => entry.trim()).filter(Boolean);
  headers["x-forwarded-for"] = plainAddress(chain[Math.max(0, chain.length - 1 - trustedHops)] ?? socketAddress);
  headers["x-forwarded-proto"] ??= scheme;
  if (headers.host) headers["x-forwarded-host"] ??= headers.host;
}

type RouteSegment = { kind: "static" | "dynamic" | "catchAll" | "optionalCatchAll"; text: string };
type CompiledRoute = { segments: RouteSegment[]; allow: string[] };
const SEGMENT_RANK = { static: 0, dynamic: 1, catchAll: 2, optionalCatchAll: 3 } as const;

function compileSegment(text: string): RouteSegment {
  if (text.startsWith("[[...")) return { kind: "optionalCatchAll", text };
  if (text.startsWith("[...")) return { kind: "catchAll", text };
  if (text.startsWith("[")) return { kind: "dynamic", text };
  return { kind: "static", text };
}

/** Next answers HEAD from GET and OPTIONS by itself, so the Allow header names them too. */
function allowHeaderMethods(exported: readonly string[]): string[] {
  const methods = new Set([...exported, "OPTIONS"]);
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

function matches(segments: RouteSegment[], parts: string[]): boolean {
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    if (segment.kind === "optionalCatchAll") return true;
    if (segment.kind === "catchAll") return parts.length > index;
    if (index >= parts.length || (segment.kind === "static" && segment.text !== parts[index])) return false;
  }
  return parts.length === segments.length;
}

/** Which methods a path takes, from the route manifest's table; the most specific route wins, as in Next. */
export function routeMethodLookup(routeMethods: Record<string, readonly string[]>): (pathname: string) => string[] | null {
  const routes: CompiledRoute[] = Object.entries(routeMethods).map(([routePath, methods]) => ({
    segments: routePath.split("/").filter(Boolean).map(compileSegment),
    allow: allowHeaderMethods(methods),
  }));
  routes.sort((a, b) => {
    for (let index = 0; index < Math.min(a.segments.length, b.segments.length); index += 1) {
      const difference = SEGMENT_RANK[a.segments[index].kind] - SEGMENT_RANK[b.segments[index].kind];
      if (difference !== 0) return difference;
    }
    return b.segments.length - a.segments.length;
  });
  return (pathname) => {
    const parts = pathname.split("/").filter(Boolean);
    return routes.find((route) => matches(route.segments, parts))?.allow ?? null;
  };
}
