// Sign-in as an attacker and a user see it: over HTTP against the real launcher, from distinct client addresses
// (loopback aliases 127.0.0.x, which the server sees as the socket address).
import http from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, launch, waitForHealth, type Launch } from "./support/launcher";

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A browser-like client bound to one source address, with a cookie jar. */
class Client {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly port: number,
    private readonly address: string,
  ) {}

  request(method: string, target: string, form?: Record<string, string>): Promise<Reply> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
    if (body !== undefined) Object.assign(headers, { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)) });
    return new Promise((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port: this.port, localAddress: this.address, method, path: target, headers }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          for (const cookie of response.headers["set-cookie"] ?? []) {
            const [pair, ...attributes] = cookie.split(";");
            const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
            if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "") this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text });
        });
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  /** Signs in as the board's login form does: a CSRF token, then the credentials callback with json=true. */
  async signIn(email: string, password: string): Promise<Reply> {
    const { csrfToken } = JSON.parse((await this.request("GET", "/api/auth/csrf")).body) as { csrfToken: string };
    return this.request("POST", "/api/auth/callback/credentials", { csrfToken, email, password, json: "true" });
  }
}

let server: Launch;
const from = (address: string) => new Client(server.port, address);

beforeAll(async () => {
  server = await launch({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchboard-sign-in-")), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await waitForHealth(server);
}, 180_000);

describe("POST /api/auth/callback/credentials over HTTP", () => {
  it("20 wrong passwords from one address → 429 with Retry-After, even for the right one; the real user elsewhere signs in", async () => {
    const attacker = from("127.0.0.2");
    const started = Date.now();
    const replies: Reply[] = [];
    for (let i = 0; i < 20; i += 1) replies.push(await attacker.signIn(ADMIN.email, `guess-${i}`));
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toContain(429);
    // Past the burst only what refilled gets through: one failure every 6 s for this address and email.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10 + Math.ceil((Date.now() - started) / 6000));
    const limited = replies.find((reply) => reply.status === 429)!;
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(limited.headers["content-type"]).toBe("application/problem+json");
    // next-auth's own client reads `url`; the board's form reads Retry-After.
    expect(JSON.parse(limited.body)).toMatchObject({ status: 429, code: "rate_limited", url: expect.stringContaining("error=RateLimited") });
    // Right after a refusal with more than a second to wait, even the right password is refused from here.
    let refusal = replies.at(-1)!;
    while (!(refusal.status === 429 && Number(refusal.headers["retry-after"]) >= 2)) refusal = await attacker.signIn(ADMIN.email, "another-guess");
    expect((await attacker.signIn(ADMIN.email, ADMIN.password)).status).toBe(429);

    const owner = from("127.0.0.3");
    expect((await owner.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    expect(JSON.parse((await owner.request("GET", "/api/me")).body)).toMatchObject({ user: { email: ADMIN.email } });
  });

  it("spraying one password over many emails from one address → 429 after 20", async () => {
    const sprayer = from("127.0.0.4");
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) statuses.push((await sprayer.signIn(`someone-${i}@example.com`, "Summer2024!")).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toContain(429);
    // Past the burst only what refilled gets through: one failure every 3 s for this address.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(20 + Math.ceil((Date.now() - started) / 3000));
  });

  it("a session cookie copied before sign-out is refused after it: 401 on /api, signed out on board pages", async () => {
    const user = from("127.0.0.5");
    expect((await user.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const copied = from("127.0.0.6");
    copied.cookies.set("next-auth.session-token", user.cookies.get("next-auth.session-token")!);
    expect((await copied.request("GET", "/api/me")).status).toBe(200);
    expect((await copied.request("GET", "/issues")).headers.location ?? "").not.toMatch(/\/login/);

    const { csrfToken } = JSON.parse((await user.request("GET", "/api/auth/csrf")).body) as { csrfToken: string };
    expect((await user.request("POST", "/api/auth/signout", { csrfToken, json: "true" })).status).toBe(200);
    expect(user.cookies.has("next-auth.session-token")).toBe(false);

    const refused = await copied.request("GET", "/api/me");
    expect([refused.status, JSON.parse(refused.body).code]).toEqual([401, "unauthorized"]);
    expect((await copied.request("GET", "/issues")).headers.location ?? "").toMatch(/\/login/);
    expect(JSON.parse((await copied.request("GET", "/api/auth/session")).body)).toEqual({});
  });
});
