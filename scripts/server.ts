// The HTTP server the launcher (scripts/start.ts) runs: Next's request handler behind a thin edge that answers, in
// problem+json, what Next would answer with an empty body, an HTML page or a bare 500 — oversized or unparsable
// requests, /api paths that do not decode safely, a method a route does not take — rewrites forwarded headers
// (TRUST_PROXY), compresses for browsers (scripts/lib/compress.ts: build assets and pages, not /api), and on
// SIGTERM/SIGINT drains: in-flight requests finish, newcomers on open connections get 503, and the instance's shutdown
// hooks run (lib/shutdown.ts: the scheduler hands its runs back to other instances).
import { randomUUID } from "node:crypto";
import { createServer, IncomingMessage, ServerResponse, STATUS_CODES } from "node:http";
import { Server as NetServer, type Socket } from "node:net";
import path from "node:path";
import next from "next";
import { routeMethods } from "../app/api/route-manifest";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../lib/api/problem-body";
import { DomainError } from "../lib/errors";
import { STRICT_TRANSPORT_SECURITY_HEADER, strictTransportSecurity } from "../lib/security-headers";
import { runShutdownHooks } from "../lib/shutdown";
import { compressesPage, compressPage, StaticAssetCompressor } from "./lib/compress";
import { invalidPathReason, isApiPath, normalizeForwardedHeaders, originForm, parseTrustProxy, routeMethodLookup } from "./lib/http-edge";

const DRAIN_LIMIT_MS = 10_000;
const CLIENT_ERROR_LINGER_MS = 5_000;
const RETRY_AFTER_SHUTDOWN_SECONDS = 5;
const log = (message: string) => console.log(`[switchboard] ${message}`);

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? "3000");
const hostname = process.env.HOST ?? "0.0.0.0";
const trustedHops = parseTrustProxy(process.env.TRUST_PROXY);
// As `next dev` / `next start` would: the environment decides React's build and Next's code paths.
Object.assign(process.env, { NODE_ENV: dev ? "development" : process.env.NODE_ENV || "production", NEXT_RUNTIME: "nodejs" });

const allowedMethods = routeMethodLookup(routeMethods);
// Set here so every answer carries it — pages, /api, next-auth, static files and the edge's own problems alike. Read
// from the environment at run time, not build time: the public URL may differ between the two.
const hsts = strictTransportSecurity(process.env.NEXTAUTH_URL);
// Dev mode serves assets that change under the same name, so only a production build's are kept compressed.
const staticAssets = dev ? null : new StaticAssetCompressor(path.join(process.cwd(), ".next"));

/** The edge's own problem answer: its body under a fresh request id, and the headers that go with it. */
function renderProblem(error: DomainError): { body: string; headers: Record<string, string> } {
  const requestId = randomUUID();
  const body = JSON.stringify(problemBody(error, requestId));
  const headers = {
    "content-type": PROBLEM_CONTENT_TYPE,
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-request-id": requestId,
    ...error.headers,
  };
  return { body, headers };
}

function sendProblem(response: ServerResponse, error: DomainError, extraHeaders: Record<string, string> = {}) {
  const { body, headers } = renderProblem(error);
  response.writeHead(error.status, { ...headers, ...extraHeaders });
  response.end(body);
}

/**
 * Next answers a method the route file does not export with an empty 405 (its auto-implemented handler). Completing
 * that answer here, where the response is ended, costs nothing on other responses and needs no change to Next or to
 * the routes; the Allow header comes from the route manifest's method table, the same one the route files export.
 */
class EdgeResponse extends ServerResponse<IncomingMessage> {
  override end(...args: unknown[]): this {
    if (this.statusCode === 405 && !this.headersSent && !this.hasHeader("content-type") && isApiPath(this.req.url)) {
      const pathname = (this.req.url ?? "").split("?")[0];
      const allow = allowedMethods(pathname);
      const error = new DomainError(405, "method_not_allowed", `${this.req.method} is not allowed on ${pathname}`, {
        details: { allow: allow ?? [] },
        headers: allow ? { allow: allow.join(", ") } : {},
      });
      const { body, headers } = renderProblem(error);
      for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
      return super.end(body);
    }
    return Reflect.apply(ServerResponse.prototype.end, this, args) as this;
  }
}

/** A parse failure has no ServerResponse yet, so the problem goes onto the socket as a raw HTTP message. */
function rawProblem(error: DomainError): string {
  const { body, headers } = renderProblem(error);
  const lines = Object.entries({ ...headers, connection: "close" }).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

function clientErrorProblem(code: string | undefined): DomainError {
  if (code === "HPE_HEADER_OVERFLOW") return new DomainError(431, "headers_too_large", "The request's headers exceed 16 KiB");
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return new DomainError(408, "request_timeout", "The request did not arrive in time");
  return new DomainError(400, "bad_request", "The request is not valid HTTP/1.1");
}

const inFlight = new Set<ServerResponse>();
let handle: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | null = null;
let draining = false;
let drained = false;
// The instance's own shutdown steps (lib/shutdown.ts: the scheduler hands its runs back), begun when the drain begins.
let shutdownSteps: Promise<void> = Promise.resolve();

async function onRequest(request: IncomingMessage, response: ServerResponse) {
  if (hsts) response.setHeader(STRICT_TRANSPORT_SECURITY_HEADER, hsts);
  if (draining) {
    const error = new DomainError(503, "shutting_down", "The server is shutting down; retry shortly", {
      headers: { "retry-after": String(RETRY_AFTER_SHUTDOWN_SECONDS) },
    });
    sendProblem(response, error, { connection: "close" });
    return;
  }
  inFlight.add(response);
  response.once("close", () => {
    inFlight.delete(response);
    if (draining && inFlight.size === 0) finishDrain();
  });
  if (request.url && !request.url.startsWith("/")) request.url = originForm(request.url);
  normalizeForwardedHeaders(request.headers, { remoteAddress: request.socket.remoteAddress, encrypted: "encrypted" in request.socket }, trustedHops);
  if (isApiPath(request.url)) {
    const reason = invalidPathReason(request.url!);
    if (reason) {
      sendProblem(response, new DomainError(400, "invalid_path", `Invalid path: ${reason}`, { invalidParams: [{ name: "path", reason }] }));
      return;
    }
  }
  try {
    if (await staticAssets?.serve(request, response)) return;
    if (compressesPage(request.url)) compressPage(request, response);
    await handle!(request, response);
  } catch (error) {
    console.error(`[switchboard] request ${request.method} ${request.url} failed:`, error);
    if (!response.headersSent) sendProblem(response, new DomainError(500, "internal_error", "Internal server error"));
    else response.destroy();
  }
}

const server = createServer({ ServerResponse: EdgeResponse }, (request, response) => void onRequest(request, response));
// `httpServer` lets Next attach dev mode's hot-reload WebSocket upgrades to this server.
// The launcher starts this process in the project root (it runs as a bundle under .next, so its own path says nothing).
const app = next({ dev, dir: process.cwd(), hostname, port, httpServer: server });

server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
  // As Node's default handler: answer only while nothing of a response has been written on this socket.
  const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawProblem(clientErrorProblem(error.code)));
  // Closing with the rest of an oversized request still unread would reset the connection and lose the answer: read
  // and drop it until the client hangs up, or for a few seconds at most.
  socket.resume();
  socket.setTimeout(CLIENT_ERROR_LINGER_MS, () => socket.destroy());
});

/** Ends the drain: whatever is still open (idle keep-alive connections, requests past the limit) is closed. */
function finishDrain() {
  if (drained) return;
  drained = true;
  server.closeAllConnections();
  void shutdownSteps
    .then(() => app.close())
    .catch((error) => console.error("[switchboard] closing Next failed:", error))
    .finally(() => process.exit(0));
}

function drain(signal: NodeJS.Signals) {
  if (draining) return;
  draining = true;
  shutdownSteps = runShutdownHooks(DRAIN_LIMIT_MS);
  if (!server.listening) {
    void shutdownSteps.finally(() => process.exit(0));
    return;
  }
  // Event streams never finish by themselves; cutting them now lets EventSource clients reconnect to the next server
  // instead of holding the shutdown for the whole limit.
  for (const response of inFlight) {
    if (String(response.getHeader("content-type") ?? "").startsWith("text/event-stream")) response.destroy();
  }
  log(`${signal}: server draining ${inFlight.size} in-flight request(s)`);
  // http.Server#close would also drop idle keep-alive connections at once, and a request already on its way over one
  // would meet a reset; net.Server#close only stops accepting, so such requests get a 503 they can act on.
  NetServer.prototype.close.call(server);
  setTimeout(finishDrain, DRAIN_LIMIT_MS);
  if (inFlight.size === 0) finishDrain();
}

process.on("SIGTERM", () => drain("SIGTERM"));
process.on("SIGINT", () => drain("SIGINT"));

async function main() {
  await app.prepare();
  handle = app.getRequestHandler();
  server.listen(port, hostname, () => log(`server pid ${process.pid} listening on ${hostname}:${port}${dev ? " (dev)" : ""}`));
}

server.on("error", (error) => {
  console.error(`[switchboard] server failed: ${error.message}`);
  process.exit(1);
});

void main().catch((error) => {
  console.error("[switchboard] server failed to start:", error);
  process.exit(1);
});
