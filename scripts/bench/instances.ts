// The `instances` phase of `npm run bench`: a second app server on the first one's database, as instances behind a
// load balancer run, and, in a company of its own, (1) the 50-way checkout race with contenders split across both
// servers and (2) a burst of wakes sent half through each, counted from the database once the schedulers of both
// have delivered them: every round must have one winner, every wake exactly one run.
import type pg from "pg";
import { client as httpClient, must, pool, round, type Client } from "./http";
import { checkoutRace, problemCode, tally } from "./race";
import { launchInstance, type Server } from "./server";

const RACE_ROUNDS = 20;
const RACE_CONTENDERS = 50;
const WAKE_AGENTS = 20;
const WAKES = 200;
// Far above what 200 wakes of runs that exit at once need on two cores: a wake still waiting then is a finding.
const SETTLE_TIMEOUT_MS = 300_000;
const SETTLE_POLL_MS = 200;
// The run exits at once: the phase counts deliveries, not work.
const QUICK_RUN = { command: process.execPath, args: ["-e", "process.exit(0)"], timeoutSec: 60 };

type Agent = { id: string; name: string; token: string };
type CreateAgents = (http: Client, board: string, companyId: string, count: number, prefix?: string) => Promise<Agent[]>;
type Context = { server: Server; http: Client; board: string; sql: pg.Client };
/** The two servers in the order contenders and wakes alternate over them. */
type Servers = { name: "first" | "second"; http: Client; hostId: string }[];

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** The phase's figures and targets; the second server is stopped before it returns or throws. */
export async function instancesPhase({ server, http, board, sql }: Context, createAgents: CreateAgents) {
  progress("instances: starting a second server on the same database…");
  const second = await launchInstance(server, "second", { verbose: process.env.BENCH_VERBOSE === "1" });
  try {
    progress(`instances: second server healthy on ${second.base} (host id ${second.hostId}; the first's is ${server.hostId})`);
    const servers: Servers = [
      { name: "first", http, hostId: server.hostId },
      { name: "second", http: httpClient(second.base), hostId: second.hostId },
    ];
    const company = await must<{ id: string; issuePrefix: string }>(
      http.request("POST", "/api/companies", { token: board, body: { name: "Instances Corp" } }),
      "create instances company",
    );
    const raceAgents = await createAgents(http, board, company.id, RACE_CONTENDERS, "instances-racer");
    // One uncounted round first, so the second server's first requests (module loading, connections) are not the race.
    const race = await checkoutRace(servers, board, company.id, raceAgents, { rounds: RACE_ROUNDS, warmUp: true, label: "instances.race" });
    const wakeAgents = await createAgents(http, board, company.id, WAKE_AGENTS, "instances-waker");
    const wakes = await wakeBurst(servers, board, company.id, wakeAgents, sql);
    return {
      figures: { instances: { hosts: { first: server.hostId, second: second.hostId }, race, wakes } },
      targets: {
        instancesRaceExactlyOneWinner: race.allRoundsExactlyOneWinner && race.allOthers409CheckoutConflict,
        instancesEveryWakeOnce: wakes.everyWakeOnce,
      },
    };
  } finally {
    await second.stop();
  }
}

/**
 * 200 wakes at once over 20 process-adapter agents, each agent's wakes through both servers (wake i goes to agent
 * i mod 20 through server ⌊i / 20⌋ mod 2). Then, once no wake is pending or claimed, the database says how many runs
 * carried each wake (a run records the wakes it took in `context.wakeups`) and which instance ran them.
 */
async function wakeBurst(servers: Servers, board: string, companyId: string, agents: Agent[], sql: pg.Client) {
  await pool(agents.length, 4, async (index) => {
    await must(
      servers[0].http.request("PATCH", `/api/agents/${agents[index].id}`, {
        token: board,
        body: { adapterType: "process", adapterConfig: QUICK_RUN, replaceAdapterConfig: true },
      }),
      `configure the process adapter of ${agents[index].name}`,
    );
  });
  progress(`instances.wakes: ${WAKES} wakes over ${agents.length} agents, half through each server…`);
  const answers: Record<string, Record<string, number>> = Object.fromEntries(servers.map((server) => [server.name, {}]));
  let accepted = 0;
  const sent = Date.now();
  await Promise.all(
    Array.from({ length: WAKES }, async (_, index) => {
      const server = servers[Math.floor(index / agents.length) % servers.length];
      const result = await server.http.request("POST", `/api/agents/${agents[index % agents.length].id}/wakeup`, {
        token: board,
        body: { payload: { burst: index } },
      });
      const status = result.body && typeof result.body === "object" ? (result.body as { status?: string }).status : undefined;
      // A skipped wake (202 {status: "skipped"}) was kept for later, not queued for a run.
      if (result.status === 202 && status !== "skipped") accepted += 1;
      tally(answers[server.name], `${result.status} ${status ?? problemCode(result) ?? result.error ?? ""}`.trim());
    }),
  );
  progress(`instances.wakes: sent in ${((Date.now() - sent) / 1000).toFixed(1)} s, answers ${JSON.stringify(answers)}; waiting for delivery…`);

  const settled = await waitUntilSettled(sql, companyId);
  const figures = await deliveryFigures(sql, companyId, servers);
  const everyWakeOnce =
    settled &&
    accepted === WAKES &&
    figures.wakes === WAKES &&
    figures.wakesNotDelivered === 0 &&
    Object.keys(figures.runsPerWake).every((runs) => runs === "1");
  progress(`instances.wakes: ${JSON.stringify(figures)}`);
  return { sent: WAKES, agents: agents.length, answers, accepted, settled, ...figures, everyWakeOnce };
}

/** Polls until no wake of the company is pending or claimed; false if some still are after SETTLE_TIMEOUT_MS. */
async function waitUntilSettled(sql: pg.Client, companyId: string) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const { rows } = await sql.query<{ waiting: number }>(
      "SELECT count(*)::int AS waiting FROM agent_wakeup_requests WHERE company_id = $1::uuid AND status IN ('pending', 'claimed')",
      [companyId],
    );
    if (rows[0].waiting === 0) return true;
    if (Date.now() > deadline) {
      progress(`instances.wakes: ${rows[0].waiting} wakes still pending or claimed after ${SETTLE_TIMEOUT_MS / 1000} s`);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
}

async function deliveryFigures(sql: pg.Client, companyId: string, servers: Servers) {
  const runsPerWake = await sql.query<{ runs: number; wakes: number }>(
    `WITH carried AS (
       SELECT w.id, count(r.id)::int AS runs
         FROM agent_wakeup_requests w
         LEFT JOIN heartbeat_runs r
           ON r.company_id = w.company_id AND r.invocation_source = 'scheduler'
          AND r.context -> 'wakeups' @> jsonb_build_array(jsonb_build_object('id', w.id::text))
        WHERE w.company_id = $1::uuid
        GROUP BY w.id)
     SELECT runs, count(*)::int AS wakes FROM carried GROUP BY runs ORDER BY runs`,
    [companyId],
  );
  const wakeStatuses = await sql.query<{ status: string; wakes: number }>(
    "SELECT status, count(*)::int AS wakes FROM agent_wakeup_requests WHERE company_id = $1::uuid GROUP BY status ORDER BY status",
    [companyId],
  );
  const runStatuses = await sql.query<{ status: string; runs: number }>(
    "SELECT status, count(*)::int AS runs FROM heartbeat_runs WHERE company_id = $1::uuid AND invocation_source = 'scheduler' GROUP BY status ORDER BY status",
    [companyId],
  );
  // Which instance delivered: the run's host id, with the wakes that run finally carried.
  const perHost = await sql.query<{ host_id: string | null; runs: number; wakes: number }>(
    `SELECT r.host_id, count(DISTINCT r.id)::int AS runs, count(w.id)::int AS wakes
       FROM heartbeat_runs r LEFT JOIN agent_wakeup_requests w ON w.heartbeat_run_id = r.id
      WHERE r.company_id = $1::uuid AND r.invocation_source = 'scheduler' AND r.started_at IS NOT NULL
      GROUP BY r.host_id ORDER BY r.host_id NULLS LAST`,
    [companyId],
  );
  const span = await sql.query<{ seconds: number | null }>(
    `SELECT EXTRACT(EPOCH FROM (SELECT max(finished_at) FROM heartbeat_runs WHERE company_id = $1::uuid AND invocation_source = 'scheduler')
                             - (SELECT min(created_at) FROM agent_wakeup_requests WHERE company_id = $1::uuid))::float AS seconds`,
    [companyId],
  );
  const wakes = wakeStatuses.rows.reduce((sum, row) => sum + row.wakes, 0);
  return {
    wakes,
    runs: runStatuses.rows.filter((row) => row.status !== "queued").reduce((sum, row) => sum + row.runs, 0),
    runStatuses: Object.fromEntries(runStatuses.rows.map((row) => [row.status, row.runs])),
    wakeStatuses: Object.fromEntries(wakeStatuses.rows.map((row) => [row.status, row.wakes])),
    runsPerWake: Object.fromEntries(runsPerWake.rows.map((row) => [String(row.runs), row.wakes])),
    wakesNotDelivered: wakes - (wakeStatuses.rows.find((row) => row.status === "delivered")?.wakes ?? 0),
    deliveriesPerHost: perHost.rows.map((row) => ({
      hostId: row.host_id,
      server: servers.find((server) => server.hostId === row.host_id)?.name ?? null,
      runs: row.runs,
      wakes: row.wakes,
    })),
    secondsFromFirstWakeToLastDelivery: span.rows[0].seconds === null ? null : round(span.rows[0].seconds, 2),
  };
}
