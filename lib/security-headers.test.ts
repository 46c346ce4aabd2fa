import { describe, expect, it } from "vitest";
import { createNonce, NON_PAGE_CONTENT_SECURITY_POLICY, pageContentSecurityPolicy, strictTransportSecurity } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]));

describe("page Content-Security-Policy", () => {
  it("allows scripts only by this response's nonce, without 'unsafe-inline' or eval, in production", () => {
    const scriptSources = directives(pageContentSecurityPolicy("abc123==", { development: false })).get("script-src");
    expect(scriptSources).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
  });

  it("adds 'unsafe-eval' for React's development build only", () => {
    expect(directives(pageContentSecurityPolicy("n", { development: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("keeps the other directives that stop framing, plugins, base and form hijacks", () => {
    const policy = directives(pageContentSecurityPolicy("n", { development: false }));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
  });

  it("lets nothing load or run from responses that are not pages", () => {
    expect(directives(NON_PAGE_CONTENT_SECURITY_POLICY).get("default-src")).toEqual(["'none'"]);
  });
});

describe("createNonce", () => {
  it("makes a fresh base64 value of 16 random bytes each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("strictTransportSecurity", () => {
  it("pins https for a year, subdomains included, when the public URL is https", () => {
    expect(strictTransportSecurity("https://board.example.com")).toBe("max-age=31536000; includeSubDomains");
    expect(strictTransportSecurity("HTTPS://board.example.com:8443/switchboard")).toBe("max-age=31536000; includeSubDomains");
  });

  it("sends nothing for an http, missing or unparseable public URL", () => {
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
    expect(strictTransportSecurity("")).toBeNull();
    expect(strictTransportSecurity("board.example.com")).toBeNull();
  });
});
