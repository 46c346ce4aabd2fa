// With the database gone, requests answer 503 + Retry-After quickly instead of hanging or leaking a 500.
import { createServer, type Server } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as companiesRoute from "@/app/api/companies/route";
import * as healthRoute from "@/app/api/health/route";
import { authOptions } from "@/lib/auth/options";
import { findFreePort } from "@/lib/net";
import { callRoute } from "./support/fixtures";
import { waitFor } from "./support/wait";

const globals = globalThis as unknown as { switchboardPrisma?: unknown; switchboardSqlPool?: unknown };
let silentServer: Server;
/** Every connection the silent database accepted, and whether the app has since closed it. */
const silentConnections: { closed: boolean }[] = [];

async function pointDatabaseAt(port: number) {
  process.env.DATABASE_URL = `postgresql://nobody:nothing@127.0.0.1:${port}/switchboard`;
  globals.switchboardPrisma = undefined;
  globals.switchboardSqlPool = undefined;
}

beforeAll(async () => {
  // Accepts TCP connections and never speaks: the worst case for a pool without timeouts.
  silentServer = createServer((socket) => {
    const connection = { closed: false };
    silentConnections.push(connection);
    socket.on("close", () => (connection.closed = true));
    socket.on("error", () => undefined);
    // Reads and drops the startup packet, so the client's hang-up reaches us as an end.
    socket.resume();
  });
  await new Promise<void>((resolve) => silentServer.listen(0, "127.0.0.1", resolve));
});

afterAll(() => {
  silentServer.close();
  globals.switchboardPrisma = undefined;
  globals.switchboardSqlPool = undefined;
});

describe("database unavailable", () => {
  it("GET /api/health — 503 unhealthy with Retry-After when nothing listens", async () => {
    await pointDatabaseAt(await findFreePort());
    const res = await callRoute(healthRoute.GET, "GET", "/api/health");
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: "unhealthy", error: "database_unreachable" });
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("authenticated routes answer 503 problem+json, not 500", async () => {
    await pointDatabaseAt(await findFreePort());
    const res = await callRoute(companiesRoute.GET, "GET", "/api/companies", { token: `pcp_board_${"a".repeat(48)}` });
    expect(res.status).toBe(503);
    expect(res.json.code).toBe("database_unavailable");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(JSON.stringify(res.json)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it("a database that accepts but never answers times out into a 503 instead of hanging", async () => {
    const address = silentServer.address();
    await pointDatabaseAt(typeof address === "object" && address ? address.port : 0);
    const res = await callRoute(companiesRoute.GET, "GET", "/api/companies", { token: `pcp_board_${"b".repeat(48)}` });
    // Answering at all is the point (a pool without an acquire timeout never returns; the test timeout guards that),
    // and it answered because it gave up on the silent connection: one was opened, never answered, and closed by us.
    expect(res.status).toBe(503);
    expect(res.json.code).toBe("database_unavailable");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(silentConnections.length).toBeGreaterThan(0);
    await waitFor(() => silentConnections.every((connection) => connection.closed), "the app to close the connections it gave up on");
  });

  it("a board page's session check with the database gone keeps the session (next-auth would clear the cookie on an error)", async () => {
    await pointDatabaseAt(await findFreePort());
    const jwt = authOptions.callbacks!.jwt as unknown as (params: { token: Record<string, unknown> }) => Promise<Record<string, unknown>>;
    const token = { sub: randomUUID(), sid: randomUUID() };
    await expect(jwt({ token })).resolves.toEqual(token);
  });
});
