import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { readEventStream } from "../../tests/support/sse";
import { waitFor } from "../../tests/support/wait";
import { killInstance, startInstance, stopInstance, type Instance } from "../instances";
import { adminBoardKey, bearer, json, launcherDatabaseUrl } from "../support";

// Two app instances on the launcher's PostgreSQL, both with their schedulers on: the launcher's server (A) and one
// started here (B). Each test stands alone; they share only B and a database connection for reading what happened.

/** The launcher's host id as lib/runtime/processes.ts reads it: the environment's, else the machine's name. */
const LAUNCHER_HOST = process.env.SWITCHBOARD_HOST_ID ?? os.hostname();

type Headers = Record<string, string>;

let second: Instance;
let sql: pg.Client;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  second = await startInstance("second");
  sql = new pg.Client({ connectionString: launcherDatabaseUrl() });
  await sql.connect();
});

test.afterAll(async () => {
  await sql?.end();
  if (second) await stopInstance(second);
});

/** A path on the launcher's server (A) or on B, for Playwright's request context. */
const on = (instance: Instance | null, path: string) => (instance ? `${instance.url}${path}` : path);

async function newCompany(request: APIRequestContext, baseURL: string, name: string) {
  const board = bearer(await adminBoardKey(request, baseURL));
  const company = await json(await request.post("/api/companies", { headers: board, data: { name } }), 201);
  return { board, company };
}

/** An agent whose wakes run `node -e <script> ...args` (a board-set process adapter). */
async function processAgent(request: APIRequestContext, board: Headers, companyId: string, name: string, script: string, args: string[] = []) {
  const agent = await json(await request.post(`/api/companies/${companyId}/agents`, { headers: board, data: { name } }), 201);
  const adapterConfig = { command: process.execPath, args: ["-e", script, ...args], timeoutSec: 300 };
  await json(
    await request.patch(`/api/agents/${agent.id}`, { headers: board, data: { adapterType: "process", adapterConfig, replaceAdapterConfig: true } }),
    200,
  );
  return agent as { id: string };
}

/** Opens a company's live event stream and keeps reading it until `close()`. */
async function openEvents(url: string, headers: Headers) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status, url).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const stream = readEventStream(response, controller);
  const arrived = (type: string, entityId?: string) =>
    waitFor(() => stream.ofType(type).find((data) => entityId === undefined || data.entityId === entityId), `${type} on ${url}`);
  // `ready` is sent once the server LISTENs, so every change from now on reaches the stream.
  await arrived("ready");
  return { arrived, close: () => stream.close() };
}

test("POST /api/issues/:id/checkout — 50 agents racing across two instances: exactly one winner per round", async ({ request, baseURL }) => {
  test.setTimeout(150_000);
  const { board, company } = await newCompany(request, baseURL!, "Two Track Race");
  const agents = await Promise.all(
    Array.from({ length: 50 }, async (_, index) => {
      const agent = await json(await request.post(`/api/companies/${company.id}/agents`, { headers: board, data: { name: `Racer ${index}` } }), 201);
      const key = await json(await request.post(`/api/agents/${agent.id}/keys`, { headers: board, data: {} }), 201);
      return { id: agent.id as string, headers: { ...bearer(key.token), "x-paperclip-run-id": randomUUID() } };
    }),
  );
  for (let round = 0; round < 5; round += 1) {
    const issue = await json(
      await request.post(`/api/companies/${company.id}/issues`, { headers: board, data: { title: `Round ${round}`, status: "todo" } }),
      201,
    );
    // Half the racers go to each instance, and which half changes every round.
    const responses = await Promise.all(
      agents.map((agent, index) =>
        request.post(on((index + round) % 2 ? second : null, `/api/issues/${issue.identifier}/checkout`), {
          headers: agent.headers,
          data: { agentId: agent.id, expectedStatuses: ["todo"] },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status());
    expect(
      statuses.filter((status) => status === 200),
      `round ${round}: one winner`,
    ).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const losers = await Promise.all(responses.filter((response) => response.status() === 409).map((response) => response.json()));
    expect(new Set(losers.map((problem) => problem.code))).toEqual(new Set(["checkout_conflict"]));
    const winner = agents[statuses.indexOf(200)];
    // Both instances read the same winner.
    for (const instance of [null, second]) {
      const stored = await json(await request.get(on(instance, `/api/issues/${issue.id}`), { headers: board }), 200);
      expect(stored).toMatchObject({ status: "in_progress", assigneeAgentId: winner.id });
    }
  }
});

test("GET /api/companies/:companyId/events — a change made on one instance reaches a subscriber on the other", async ({ request, baseURL }) => {
  const { board, company } = await newCompany(request, baseURL!, "Cross Wire");
  const onSecond = await openEvents(on(second, `/api/companies/${company.id}/events`), board);
  const onLauncher = await openEvents(`${baseURL}/api/companies/${company.id}/events`, board);
  try {
    // A → B: an issue created on the launcher's server.
    const issue = await json(await request.post(`/api/companies/${company.id}/issues`, { headers: board, data: { title: "Seen from afar" } }), 201);
    await onSecond.arrived("issue.created", issue.id);
    // B → A: a comment added through B.
    await json(await request.post(on(second, `/api/issues/${issue.id}/comments`), { headers: board, data: { body: "Written on B" } }), 201);
    await onLauncher.arrived("issue.comment_added", issue.id);
    // Each instance also hears its own changes, so no event is delivered to one instance only.
    await onLauncher.arrived("issue.created", issue.id);
    await onSecond.arrived("issue.comment_added", issue.id);
  } finally {
    onSecond.close();
    onLauncher.close();
  }
});

type WakeRow = { id: string; status: string; heartbeat_run_id: string | null; carried_by: string[] };
type RunRow = { id: string; agent_id: string; status: string; host_id: string | null; started_at: Date; finished_at: Date | null };

test("POST /api/agents/:id/wakeup — 200 wakes across two instances: each delivered in exactly one run, one run per agent at a time", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { board, company } = await newCompany(request, baseURL!, "Wake Burst");
  const agents = await Promise.all(
    Array.from({ length: 20 }, (_, index) => processAgent(request, board, company.id, `Waker ${index}`, "setTimeout(() => {}, 1_000)")),
  );
  const wakes = await Promise.all(
    Array.from({ length: 200 }, (_, index) =>
      request.post(on(index % 2 ? second : null, `/api/agents/${agents[index % agents.length].id}/wakeup`), {
        headers: board,
        data: { payload: { burst: index } },
      }),
    ),
  );
  expect(wakes.map((response) => response.status())).toEqual(Array(200).fill(202));

  const unsettled = async () => {
    const { rows } = await sql.query<{ wakes: string; runs: string }>(
      `SELECT (SELECT count(*) FROM agent_wakeup_requests WHERE company_id = $1 AND status IN ('pending', 'claimed')) AS wakes,
              (SELECT count(*) FROM heartbeat_runs WHERE company_id = $1 AND status IN ('queued', 'running')) AS runs`,
      [company.id],
    );
    return Number(rows[0].wakes) + Number(rows[0].runs);
  };
  await waitFor(async () => (await unsettled()) === 0, "every wake delivered and every run finished", { timeoutMs: 150_000, intervalMs: 250 });

  // Each wake names one run, and exactly that run lists it among the wakes it delivered.
  const { rows: wakeRows } = await sql.query<WakeRow>(
    `SELECT w.id, w.status, w.heartbeat_run_id, COALESCE(array_agg(r.id::text) FILTER (WHERE r.id IS NOT NULL), '{}') AS carried_by
       FROM agent_wakeup_requests w
       LEFT JOIN heartbeat_runs r ON r.company_id = w.company_id AND r.context -> 'wakeups' @> jsonb_build_array(jsonb_build_object('id', w.id::text))
      WHERE w.company_id = $1
      GROUP BY w.id`,
    [company.id],
  );
  expect(wakeRows).toHaveLength(200);
  for (const wake of wakeRows) {
    expect(wake.status, `wake ${wake.id}`).toBe("delivered");
    expect(wake.carried_by, `wake ${wake.id} is in exactly its own run`).toEqual([wake.heartbeat_run_id]);
  }

  const { rows: runs } = await sql.query<RunRow>(
    `SELECT id, agent_id, status, host_id, started_at, finished_at FROM heartbeat_runs WHERE company_id = $1 ORDER BY agent_id, started_at`,
    [company.id],
  );
  expect(new Set(runs.map((run) => run.status))).toEqual(new Set(["succeeded"]));
  expect(new Set(wakeRows.map((wake) => wake.heartbeat_run_id)).size, "every run delivered some wake").toBe(runs.length);
  // maxConcurrentRuns defaults to 1: an agent's next run starts only after its previous one finished.
  for (let index = 1; index < runs.length; index += 1) {
    const [previous, run] = [runs[index - 1], runs[index]];
    if (previous.agent_id !== run.agent_id) continue;
    expect(run.started_at.getTime(), `agent ${run.agent_id}: run ${run.id} started before ${previous.id} finished`).toBeGreaterThanOrEqual(
      previous.finished_at!.getTime(),
    );
  }
  const perHost: Record<string, number> = {};
  for (const run of runs) perHost[run.host_id ?? "unrecorded"] = (perHost[run.host_id ?? "unrecorded"] ?? 0) + 1;
  test.info().annotations.push({ type: "runs per host", description: JSON.stringify(perHost) });
  // Both deliver part of the burst: a run outlasts the half-second claim beat and 20 agents are more than one instance's
  // 16 run slots, so whichever instance claims first cannot take every agent's wakes before the other's next pass.
  expect(Object.keys(perHost).sort()).toEqual([LAUNCHER_HOST, second.hostId].sort());
});

type LeasedRun = { id: string; status: string; host_id: string | null; error: string | null; context: { wakeups: { id: string }[] } };

// A crash (kill -9) leaves the run to its lease: another instance fails it once the lease lapses. (The hand-back on
// SIGTERM is proven in tests/run-concurrency.test.ts.)
test("an instance killed mid-run: its run is failed and its wakes are delivered by another instance", async ({ request, baseURL }) => {
  test.setTimeout(240_000);
  const marker = `instances-e2e-sleeper-${randomUUID()}`;
  const sleepers = () => {
    try {
      return execFileSync("pgrep", ["-f", marker], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
  };
  const killSleepers = () => {
    for (const pid of sleepers()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone between pgrep and kill
      }
    }
  };
  const crashing = await startInstance("crashing", { SWITCHBOARD_RUN_LEASE_SECONDS: "5" });
  try {
    const { board, company } = await newCompany(request, baseURL!, "Crash Site");
    // The command sleeps only on the crashing instance (a run's PAPERCLIP_API_URL names the server running it), so a run
    // elsewhere, and the redelivery after the crash, finish at once. The marker finds the orphaned sleeper afterwards.
    const agents = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        processAgent(
          request,
          board,
          company.id,
          `Crash Bot ${index}`,
          "if (process.env.PAPERCLIP_API_URL === process.argv[1]) setTimeout(() => {}, 120_000);",
          [crashing.url, marker],
        ),
      ),
    );
    const run = (id: string) =>
      sql.query<LeasedRun>(`SELECT id, status, host_id, error, context FROM heartbeat_runs WHERE id = $1`, [id]).then((r) => r.rows[0]);
    const runningOnCrashing = async () =>
      (
        await sql.query<LeasedRun>(
          `SELECT id, status, host_id, error, context FROM heartbeat_runs WHERE company_id = $1 AND status = 'running' AND host_id = $2 LIMIT 1`,
          [company.id, crashing.hostId],
        )
      ).rows[0] ?? null;

    // Each scheduler claims on its own half-second beat. Waking once and waiting for that run can lock into the other
    // instances' beats for ever, so wakes go out one after another, spanning every beat, until the crashing one claims.
    let leased: LeasedRun | null = null;
    for (let wake = 0; wake < 150 && !leased; wake += 1) {
      const agent = agents[wake % agents.length];
      await json(await request.post(`/api/agents/${agent.id}/wakeup`, { headers: board, data: { payload: { wake } } }), 202);
      leased = await runningOnCrashing();
    }
    expect(leased, `a run claimed by ${crashing.hostId}`).not.toBeNull();
    await waitFor(() => sleepers().length > 0, "the run's command sleeping on the crashing instance");

    await killInstance(crashing);
    const failed = await waitFor(
      async () => {
        const row = await run(leased!.id);
        return row.status === "failed" ? row : null;
      },
      "the killed instance's run failed",
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(failed.error).toMatch(/server running it stopped/i);

    // Its wakes were put back and delivered again, by a run on another host that finished.
    const wakeIds = leased!.context.wakeups.map((wake) => wake.id);
    expect(wakeIds.length).toBeGreaterThan(0);
    const redelivered = await waitFor(
      async () => {
        const { rows } = await sql.query<{ status: string; heartbeat_run_id: string | null }>(
          `SELECT status, heartbeat_run_id FROM agent_wakeup_requests WHERE id = ANY($1::uuid[])`,
          [wakeIds],
        );
        const runIds = new Set(rows.map((row) => row.heartbeat_run_id));
        if (rows.some((row) => row.status !== "delivered") || runIds.size !== 1) return null;
        return run([...runIds][0]!);
      },
      "the lapsed run's wakes delivered in a new run",
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(redelivered.id).not.toBe(leased!.id);
    expect(redelivered.status).toBe("succeeded");
    expect([LAUNCHER_HOST, second.hostId]).toContain(redelivered.host_id);
    expect(redelivered.context.wakeups.map((wake) => wake.id)).toEqual(expect.arrayContaining(wakeIds));

    // A crash leaves the run's command behind (it has its own process group); nothing of the spec may outlive it.
    killSleepers();
    await waitFor(() => sleepers().length === 0, "the orphaned command gone");
  } finally {
    killSleepers();
    await stopInstance(crashing);
  }
});
