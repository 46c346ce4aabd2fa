// Compression for browsers, in the HTTP server (scripts/server.ts): build assets under /_next/static are compressed
// once per file and kept (their names carry a content hash, so a file never changes), HTML pages and React Server
// Component payloads are gzipped as they stream. /api answers are left as they are: agents call them over loopback or
// a LAN, where gzip would cost the server CPU for little gain (docs/ARCHITECTURE.md, "Board performance").
import { createRequire } from "node:module";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { Duplex } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { FIXED_SECURITY_HEADERS, NON_PAGE_CONTENT_SECURITY_POLICY } from "../../lib/security-headers";

export type Encoding = "br" | "gzip";
type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

// The streaming gzip Next itself uses when its `compress` option is on (honours Accept-Encoding, sets Vary, skips
// tiny and already-encoded bodies, flushes at each chunk Next streams); here applied to pages only.
const require = createRequire(import.meta.url);
const compression = require("next/dist/compiled/compression") as (options: { threshold?: number | string }) => Middleware;

/** What Next itself serves /_next/static with: immutable for a year. */
const STATIC_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Text assets worth compressing; fonts and images are compressed formats already. */
const STATIC_TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
const brotli = (raw: Buffer, quality: number) =>
  brotliAsync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });

/**
 * The best encoding the client accepts, or null. Brotli first (about a fifth smaller than gzip on our bundles);
 * `q=0` refuses an encoding, as RFC 9110 says.
 */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const wildcard = accepted.get("*");
  const allows = (name: Encoding) => (accepted.get(name) ?? wildcard ?? 0) > 0;
  if (allows("br")) return "br";
  if (allows("gzip")) return "gzip";
  return null;
}

/** Compressed static assets, one entry per file and encoding; at most the build's text assets, a few MB. */
export class StaticAssetCompressor {
  private readonly cache = new Map<string, Promise<Buffer | null>>();
  private readonly staticDir: string;

  constructor(nextDir: string) {
    this.staticDir = path.join(nextDir, "static");
  }

  /** The file under .next/static a /_next/static URL names, or null when it is outside it or not a text asset. */
  private fileFor(pathname: string): string | null {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice("/_next/static/".length));
    } catch {
      return null;
    }
    const file = path.resolve(this.staticDir, relative);
    if (!file.startsWith(this.staticDir + path.sep) || !(path.extname(file) in STATIC_TYPES)) return null;
    return file;
  }

  /** The chain of background quality-11 brotli passes. */
  private bestPass: Promise<unknown> = Promise.resolve();

  private compressed(file: string, encoding: Encoding): Promise<Buffer | null> {
    const key = `${encoding}:${file}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const read = (async () => {
        const info = await stat(file).catch(() => null);
        return info?.isFile() ? readFile(file) : null;
      })();
      // zlib runs off the main thread. gzip -9 is quick; brotli's best setting (about 9 % smaller than its quick one)
      // costs seconds over a build, so the first answer gets quality 5 and quality 11 replaces it when done.
      entry = read.then((raw) => (raw ? (encoding === "br" ? brotli(raw, 5) : gzipAsync(raw, { level: 9 })) : null));
      this.cache.set(key, entry);
      void read
        .then(async (raw) => {
          // A missing file is not remembered: a build in place may add it.
          if (!raw) return void this.cache.delete(key);
          if (encoding === "br") {
            await entry;
            // One at a time: a cold first page would otherwise queue dozens of these on libuv's four threads, delaying
            // the file reads, DNS lookups and password hashing that share them.
            const best = this.bestPass.then(() => brotli(raw, 11));
            this.bestPass = best.then(
              () => undefined,
              () => undefined,
            );
            this.cache.set(key, Promise.resolve(await best));
          }
        })
        .catch(() => this.cache.delete(key));
    }
    return entry;
  }

  /** Answers a GET/HEAD for a text asset under /_next/static compressed; false when Next should answer it instead. */
  async serve(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const pathname = (request.url ?? "").split("?")[0];
    if (!pathname.startsWith("/_next/static/")) return false;
    const encoding = preferredEncoding(request.headers["accept-encoding"] as string | undefined);
    const file = this.fileFor(pathname);
    if (!encoding || !file) return false;
    const body = await this.compressed(file, encoding).catch(() => null);
    if (!body) return false;
    for (const { key, value } of FIXED_SECURITY_HEADERS) response.setHeader(key, value);
    response.writeHead(200, {
      "content-security-policy": NON_PAGE_CONTENT_SECURITY_POLICY,
      "content-type": STATIC_TYPES[path.extname(file)],
      "content-encoding": encoding,
      "content-length": String(body.length),
      "cache-control": STATIC_CACHE_CONTROL,
      vary: "Accept-Encoding",
    });
    response.end(request.method === "HEAD" ? undefined : body);
    return true;
  }
}

const gzipPages = compression({ threshold: 1024 });

/** Whether a request's answer is gzipped as it streams: pages and their RSC payloads, never /api or the event streams. */
export function compressesPage(url: string | undefined): boolean {
  const pathname = (url ?? "").split("?")[0];
  return !(pathname === "/api" || pathname.startsWith("/api/") || pathname.startsWith("/_next/static/"));
}

/** Gzips the response Next is about to write, when the client accepts it. */
export function compressPage(request: IncomingMessage, response: ServerResponse) {
  gzipPages(request, response, () => undefined);
  // A client that hangs up mid-page leaves the middleware's zlib stream open; end it (as Next does when it compresses).
  response.once("close", () => {
    if (response.writableFinished) return;
    const noop = () => undefined;
    const stream = response.on("drain", noop);
    if (stream === response || !(stream instanceof Duplex)) {
      response.off("drain", noop);
      return;
    }
    stream.destroy();
  });
}
