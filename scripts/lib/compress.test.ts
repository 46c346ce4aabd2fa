import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressesPage, compressPage, preferredEncoding, StaticAssetCompressor } from "./compress";

describe("preferredEncoding", () => {
  it("takes brotli, then gzip, honouring q=0 and the wildcard", () => {
    expect(preferredEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(preferredEncoding("gzip, br;q=0")).toBe("gzip");
    expect(preferredEncoding("GZIP")).toBe("gzip");
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("*;q=0, gzip;q=0")).toBeNull();
    expect(preferredEncoding("identity")).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
  });
});

describe("compressesPage", () => {
  it("compresses pages and RSC payloads, never /api (agents' JSON, event streams) or the static assets served apart", () => {
    expect(compressesPage("/issues/ENG-1")).toBe(true);
    expect(compressesPage("/issues?_rsc=abc")).toBe(true);
    expect(compressesPage("/api/issues/ENG-1")).toBe(false);
    expect(compressesPage("/api")).toBe(false);
    expect(compressesPage("/api/companies/x/events")).toBe(false);
    expect(compressesPage("/_next/static/chunks/a.js")).toBe(false);
  });
});

describe("the compressing server", () => {
  const script = `console.log(${JSON.stringify("a board bundle ".repeat(500))});`;
  const page = `<!doctype html><html><body>${"<p>row</p>".repeat(500)}</body></html>`;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const nextDir = mkdtempSync(path.join(os.tmpdir(), "sb-compress-"));
    mkdirSync(path.join(nextDir, "static", "chunks"), { recursive: true });
    writeFileSync(path.join(nextDir, "static", "chunks", "app.js"), script);
    writeFileSync(path.join(nextDir, "static", "chunks", "font.woff2"), "binary");
    writeFileSync(path.join(nextDir, "secret.txt"), "outside static");
    const assets = new StaticAssetCompressor(nextDir);
    server = createServer(async (request, response) => {
      if (await assets.serve(request, response)) return;
      if (compressesPage(request.url)) compressPage(request, response);
      // What Next would answer otherwise: the page, or the JSON, or the uncompressed asset.
      const json = request.url!.startsWith("/api/");
      response.writeHead(request.url!.startsWith("/_next/") ? 404 : 200, { "content-type": json ? "application/json" : "text/html; charset=utf-8" });
      response.end(json ? JSON.stringify({ rows: Array.from({ length: 200 }, (_, index) => ({ index })) }) : page);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (url: string, acceptEncoding: string) =>
    fetch(`${base}${url}`, { headers: { "accept-encoding": acceptEncoding } }).then(async (response) => ({
      response,
      body: Buffer.from(await response.arrayBuffer()),
    }));

  it("serves a static asset brotli- or gzip-compressed, immutable, with Vary, the same bytes every time", async () => {
    // fetch would decode a compressed body itself; a raw request sees what the server sent.
    const raw = async (acceptEncoding: string) => {
      const { request } = await import("node:http");
      return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(`${base}/_next/static/chunks/app.js`, { headers: { "accept-encoding": acceptEncoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
          .on("error", reject)
          .end();
      });
    };
    const br = await raw("gzip, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(br.headers["cache-control"]).toContain("immutable");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers["x-content-type-options"]).toBe("nosniff");
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(script.length / 5);

    const gz = await raw("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const again = await raw("gzip");
    expect(again.body.equals(gz.body)).toBe(true);
  });

  it("leaves to Next what it should answer: no accepted encoding, fonts, paths outside static, missing files", async () => {
    expect((await get("/_next/static/chunks/app.js", "identity")).response.status).toBe(404);
    expect((await get("/_next/static/chunks/font.woff2", "br")).response.status).toBe(404);
    expect((await get("/_next/static/..%2Fsecret.txt", "br")).response.status).toBe(404);
    expect((await get("/_next/static/chunks/missing.js", "br")).response.status).toBe(404);
  });

  it("gzips pages for clients that accept it, and never /api answers", async () => {
    const html = await get("/issues/ENG-1", "gzip, br");
    expect(html.response.headers.get("content-encoding")).toBe("gzip");
    expect(html.response.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(html.body.toString()).toBe(page);
    const plain = await get("/issues/ENG-1", "identity");
    expect(plain.response.headers.get("content-encoding")).toBeNull();
    const api = await get("/api/issues", "gzip, br");
    expect(api.response.headers.get("content-encoding")).toBeNull();
  });
});
