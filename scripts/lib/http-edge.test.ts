import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { routeMethods } from "@/app/api/route-manifest";
import { invalidPathReason, isApiPath, normalizeForwardedHeaders, originForm, parseTrustProxy, routeMethodLookup } from "./http-edge";

describe("isApiPath", () => {
  it("takes /api and what is under it, not lookalikes", () => {
    expect(["/api", "/api/health", "/api?x=1", "/api/"].map(isApiPath)).toEqual([true, true, true, true]);
    expect(["/apis", "/api-docs", "/login", undefined].map(isApiPath)).toEqual([false, false, false, false]);
  });
});

describe("originForm", () => {
  it("turns an absolute-form target into the path Next would route", () => {
    expect(originForm("http://evil.example/api/%ff?x=1")).toBe("/api/%ff?x=1");
    expect(originForm("http://evil.example")).toBe("/");
    expect(originForm("/api/health")).toBe("/api/health");
  });
});

describe("invalidPathReason", () => {
  it("passes ordinary paths, percent-encoded UTF-8 and dots inside names", () => {
    for (const path of ["/api/health", "/api/issues/ENG-1?q=%ff", "/api/openapi.json", "/api/companies/a%20b", "/api/x/%E2%9C%93", "/api/x/.well"]) {
      expect(invalidPathReason(path), path).toBeNull();
    }
  });

  it("names a segment that does not decode, decodes to . or .., or holds a control character", () => {
    expect(invalidPathReason("/api/companies/%ff%fe")).toBe('Segment "%ff%fe" is not valid percent-encoded UTF-8');
    expect(invalidPathReason("/api/companies/%E2%82")).toMatch(/"%E2%82" is not valid/);
    expect(invalidPathReason("/api/companies/%2e%2e/x")).toBe('Segment "%2e%2e" decodes to ".."');
    expect(invalidPathReason("/api/./health")).toBe('Segment "." decodes to "."');
    expect(invalidPathReason("/api/issues/a%00b")).toBe('Segment "a%00b" holds a control character');
    expect(invalidPathReason("/api/issues/a%7Fb")).toMatch(/control character/);
  });
});

describe("parseTrustProxy", () => {
  it("reads unset/false/0 as none, true as one hop, a number as that many", () => {
    expect([undefined, "", "false", "0", " FALSE "].map(parseTrustProxy)).toEqual([0, 0, 0, 0, 0]);
    expect(["true", "1", "2", "True"].map(parseTrustProxy)).toEqual([1, 1, 2, 1]);
  });

  it("refuses anything else, naming the value", () => {
    expect(() => parseTrustProxy("yes please")).toThrow('TRUST_PROXY must be true, false or a number of proxy hops (0-99), not "yes please"');
    expect(() => parseTrustProxy("-1")).toThrow(/TRUST_PROXY/);
  });
});

describe("normalizeForwardedHeaders", () => {
  const forged = (): IncomingHttpHeaders => ({
    host: "board.example:3000",
    "x-forwarded-for": "6.6.6.6, 7.7.7.7",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
    forwarded: "for=6.6.6.6;host=evil.example",
    "x-real-ip": "6.6.6.6",
  });

  it("without a trusted proxy, replaces every client-sent forwarded header with what the socket and Host say", () => {
    const headers = forged();
    normalizeForwardedHeaders(headers, { remoteAddress: "::ffff:10.1.2.3", encrypted: false }, 0);
    expect(headers).toEqual({
      host: "board.example:3000",
      "x-forwarded-for": "10.1.2.3",
      "x-forwarded-host": "board.example:3000",
      "x-forwarded-proto": "http",
    });
  });

  it("without a Host header, leaves x-forwarded-host for Next to fill with its own hostname", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-host": "evil.example" };
    normalizeForwardedHeaders(headers, { remoteAddress: "::1", encrypted: true }, 0);
    expect(headers).toEqual({ "x-forwarded-for": "::1", "x-forwarded-proto": "https" });
  });

  it("with one trusted proxy, takes the address that proxy saw and keeps the proxy's host and scheme", () => {
    const headers = forged();
    normalizeForwardedHeaders(headers, { remoteAddress: "127.0.0.1", encrypted: false }, 1);
    expect(headers).toMatchObject({ "x-forwarded-for": "7.7.7.7", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
  });

  it("with two trusted proxies, steps back one more hop; with more hops than entries, takes the first", () => {
    const two = forged();
    normalizeForwardedHeaders(two, { remoteAddress: "127.0.0.1", encrypted: false }, 2);
    expect(two["x-forwarded-for"]).toBe("6.6.6.6");
    const many = forged();
    normalizeForwardedHeaders(many, { remoteAddress: "127.0.0.1", encrypted: false }, 9);
    expect(many["x-forwarded-for"]).toBe("6.6.6.6");
  });

  it("with a trusted proxy that sent no forwarded headers, fills them from the socket and Host", () => {
    const headers: IncomingHttpHeaders = { host: "board.example" };
    normalizeForwardedHeaders(headers, { remoteAddress: "10.0.0.9", encrypted: false }, 1);
    expect(headers).toEqual({ host: "board.example", "x-forwarded-for": "10.0.0.9", "x-forwarded-host": "board.example", "x-forwarded-proto": "http" });
  });
});

describe("routeMethodLookup", () => {
  it("names the methods of the most specific route, plus the ones Next answers by itself", () => {
    const allowed = routeMethodLookup({
      "/api/issues/[id]": ["GET", "PATCH"],
      "/api/issues/search": ["POST"],
      "/api/auth/[...nextauth]": ["GET", "POST"],
      "/api/docs/[[...slug]]": ["GET"],
    });
    expect(allowed("/api/issues/search")).toEqual(["OPTIONS", "POST"]);
    expect(allowed("/api/issues/ENG-1")).toEqual(["GET", "HEAD", "OPTIONS", "PATCH"]);
    expect(allowed("/api/auth/callback/credentials")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowed("/api/docs")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowed("/api/issues/ENG-1/extra")).toBeNull();
  });

  it("reads the generated manifest's table", () => {
    const allowed = routeMethodLookup(routeMethods);
    expect(allowed("/api/health")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowed("/api/companies")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
  });
});
