import { expect, test } from "@playwright/test";
import pg from "pg";
import { waitFor } from "../tests/support/wait";
import { startInstance, stopInstance } from "./instances";
import { adminBoardKey, bearer, json, launcherDatabaseUrl } from "./support";

/** Both instances tick this often, so both are polling when a minute's slot comes due. */
const TICK_MS = "300";

const tickLines = (output: string) => output.split("\n").filter((line) => line.includes("[switchboard] routine tick: claimed"));

type RunRow = { id: string; scheduled_for: Date; status: string; source: string; linked_issue_id: string | null };

test("a routine set to fire every minute fires once per minute with two app instances on one database", async ({ request, baseURL }) => {
  test.setTimeout(360_000);
  // This instance only schedules routines; agent wakes stay with the launcher's server.
  const second = await startInstance("second", { SWITCHBOARD_SCHEDULER: "off", SWITCHBOARD_ROUTINE_TICK_MS: TICK_MS, SWITCHBOARD_ROUTINE_TICK_LOG: "1" });
  const sql = new pg.Client({ connectionString: launcherDatabaseUrl() });
  await sql.connect();
  try {
    const board = bearer(await adminBoardKey(request, baseURL!));
    const company = await json(await request.post("/api/companies", { headers: board, data: { name: "Minute Routines" } }), 201);
    const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { headers: board, data: { name: "Minute Bot" } }), 201);
    // Both instances serve the same data: the second one sees the company the first one created.
    expect((await fetch(`${second.url}/api/companies/${company.id}`, { headers: board })).status).toBe(200);
    await waitFor(() => tickLines(second.output()).length > 0, "the second instance's first routine tick", { timeoutMs: 30_000, intervalMs: 100 });
    const bothTickingSince = new Date();

    const routine = await json(
      await request.post(`/api/companies/${company.id}/routines`, {
        headers: board,
        // Every fire makes its own issue, so one issue per run is checkable.
        data: { title: "Minute check", assigneeAgentId: agent.id, concurrencyPolicy: "always_enqueue" },
      }),
      201,
    );
    const created = await json(
      await request.post(`/api/routines/${routine.id}/triggers`, { headers: board, data: { kind: "schedule", cronExpression: "* * * * *", timezone: "UTC" } }),
      201,
    );
    expect(created.trigger).toMatchObject({ kind: "schedule", cronExpression: "* * * * *", enabled: true });
    expect(new Date(created.trigger.nextRunAt).getTime() % 60_000).toBe(0);

    const runs = async () =>
      (
        await sql.query<RunRow>(`SELECT id, scheduled_for, status, source, linked_issue_id FROM routine_runs WHERE routine_id = $1 ORDER BY scheduled_for`, [
          routine.id,
        ])
      ).rows;
    const slotsAfter = async (since: Date) => (await runs()).filter((run) => run.scheduled_for > since);

    // Two consecutive minute slots, both due while both instances were ticking.
    await waitFor(async () => (await slotsAfter(bothTickingSince)).length >= 2, "two minute slots fired with both instances up", {
      timeoutMs: 150_000,
      intervalMs: 500,
    });
    const secondTicks = tickLines(second.output()).length;
    expect(secondTicks, "the second instance ticked all along").toBeGreaterThan(100);

    // The launcher's instance ticks too: with the second one gone, the next slot still fires.
    const stoppedAt = new Date();
    await stopInstance(second);
    await waitFor(async () => (await slotsAfter(stoppedAt)).length >= 1, "a slot fired by the launcher's instance alone", {
      timeoutMs: 90_000,
      intervalMs: 500,
    });

    const fired = await runs();
    const slots = fired.map((run) => run.scheduled_for.getTime());
    expect(new Set(slots).size, "exactly one run per slot").toBe(fired.length);
    for (const slot of slots) expect(slot % 60_000, "slots sit on minute boundaries").toBe(0);
    for (let index = 1; index < slots.length; index += 1) expect(slots[index] - slots[index - 1], "consecutive slots a minute apart").toBe(60_000);
    expect(fired.length).toBeGreaterThanOrEqual(3);
    for (const run of fired) expect(run).toMatchObject({ source: "schedule", status: "issue_created", linked_issue_id: expect.any(String) });
    expect(new Set(fired.map((run) => run.linked_issue_id)).size, "one issue per run").toBe(fired.length);
    const issues = await sql.query<{ count: string }>(`SELECT count(*) FROM issues WHERE company_id = $1`, [company.id]);
    expect(Number(issues.rows[0].count), "no issue without its run").toBe(fired.length);

    // The API reports the same runs, newest first.
    const listed = await json(await request.get(`/api/routines/${routine.id}/runs?limit=50`, { headers: board }), 200);
    expect(listed.map((run: { scheduledFor: string }) => new Date(run.scheduledFor).getTime())).toEqual([...slots].reverse());
    expect(second.output()).not.toContain("routine scheduler tick failed");
  } finally {
    await stopInstance(second);
    await sql.end();
  }
});
