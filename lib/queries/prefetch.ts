import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import { createElement } from "react";
// The generated list of route modules is the one place that knows which file answers a path; prefetching must call that file.
// eslint-disable-next-line import/no-restricted-paths
import { routeLoaders } from "@/app/api/route-manifest";

type RouteModule = Partial<Record<"GET", (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>>>;
type RouteMatch = { routePath: string; params: Record<string, string> };

/** Route paths split into segments once; a static segment outranks a `[param]` one at the same depth. */
const ROUTES = Object.keys(routeLoaders).map((routePath) => ({ routePath, segments: routePath.split("/").slice(1) }));

/** The route file that answers `pathname`, and the values of its `[param]` segments (decoded, as Next hands them to a route). */
function matchRoute(pathname: string): RouteMatch | null {
  const parts = pathname.split("/").slice(1);
  let best: { match: RouteMatch; rank: string } | null = null;
  for (const { routePath, segments } of ROUTES) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let rank = "";
    let matches = true;
    for (let index = 0; index < segments.length && matches; index += 1) {
      const segment = segments[index];
      const dynamic = /^\[([^.\]]+)\]$/.exec(segment);
      if (dynamic) {
        params[dynamic[1]] = decodeURIComponent(parts[index]);
        rank += "1";
      } else {
        matches = segment === parts[index];
        rank += "0";
      }
    }
    // Lexically smaller rank = static segments earlier, as Next's own router prefers them.
    if (matches && (!best || rank < best.rank)) best = { match: { routePath, params }, rank };
  }
  return best?.match ?? null;
}

/** GET an /api path in-process (the route module's own GET, with the page request's cookies), as the browser would. null on non-2xx. */
export async function apiGetOnServer<T>(path: string): Promise<{ data: T; headers: Headers } | null> {
  const url = new URL(path, "http://localhost");
  // A `.` or `..` id from a URL would be resolved away here and fetch some other record under this query's key.
  if (url.pathname !== path.split("?")[0]) return null;
  const match = matchRoute(url.pathname);
  if (!match) throw new Error(`No API route answers ${url.pathname}`);
  const route = (await routeLoaders[match.routePath]()) as RouteModule;
  if (!route.GET) throw new Error(`${match.routePath} has no GET`);
  const incoming = await headers();
  const forwarded = new Headers({ accept: "application/json" });
  // The session cookie authenticates the call exactly as the browser's own fetch would; the address keeps rate limits per client.
  for (const name of ["cookie", "x-forwarded-for", "x-real-ip", "user-agent"]) {
    const value = incoming.get(name);
    if (value) forwarded.set(name, value);
  }
  const response = await route.GET(new NextRequest(url, { headers: forwarded }), { params: Promise.resolve(match.params) });
  if (!response.ok) return null;
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

/** A queryFn for prefetchQuery: the JSON of `path`, throwing when apiGetOnServer gives null (so the query is not dehydrated and the client fetches). */
export function serverJson<T>(path: string): () => Promise<T> {
  return async () => {
    const result = await apiGetOnServer<T>(path);
    if (!result) throw new Error(`GET ${path} failed while prefetching`);
    return result.data;
  };
}

/** Server component: runs `prefetch` on a fresh QueryClient, then renders children inside <HydrationBoundary state={dehydrate(client)}>. */
export async function Prefetch(props: { prefetch: (client: QueryClient) => Promise<unknown>; children: React.ReactNode }): Promise<React.ReactElement> {
  // No retries: a failed prefetch is simply left to the browser, which shows its own error state and retry.
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  await props.prefetch(client);
  return createElement(HydrationBoundary, { state: dehydrate(client) }, props.children);
}
