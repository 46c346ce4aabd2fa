import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createIssue, issueWorld, patchIssue } from "./support/issues";
import { waitFor } from "./support/wait";

const HOLD_LOCK = 4242;

describe("transactions under a saturated pool", () => {
  it("PATCH /api/issues/:id — 503 database_busy with Retry-After when no connection frees up in time; nothing is written", async () => {
    const { company, board } = await issueWorld();
    const issue = (await createIssue(company.id, board.token, { title: "Before" })).json;
    // Every pooled connection sits in a transaction waiting on an advisory lock this test holds on a connection of its own.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock($1)", [HOLD_LOCK]);
    const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const occupants = Array.from({ length: poolSize }, () =>
      db.$transaction(async (tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(${HOLD_LOCK})`, { timeout: 30_000 }),
    );
    const waiting = async () =>
      Number((await holder.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", [HOLD_LOCK])).rows[0].count);
    await waitFor(async () => (await waiting()) === poolSize, "every pooled connection to wait on the lock");

    const refused = await patchIssue(issue.id, board.token, { title: "After" });
    expect([refused.status, refused.json.code, refused.headers.get("retry-after")]).toEqual([503, "database_busy", "1"]);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");

    await holder.query("SELECT pg_advisory_unlock($1)", [HOLD_LOCK]);
    await Promise.all(occupants);
    await holder.end();
    expect((await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).title).toBe("Before");
    // Once connections free up, the same request goes through.
    expect((await patchIssue(issue.id, board.token, { title: "After" })).json.title).toBe("After");
  });

  it("a query through the global client inside a transaction is refused: it would wait for a second connection", async () => {
    await expect(db.$transaction(async () => db.issue.count())).rejects.toThrow(/used inside a transaction/);
    await expect(db.$transaction(async () => db.$transaction(async (tx) => tx.issue.count()))).rejects.toThrow(/used inside a transaction/);
  });
});
