// `npm run bench`: starts Switchboard as a user would (scripts/start.ts on a fresh DATA_DIR), seeds through the API
// and SQL, measures the checkout race, checkout vs health throughput (beside the server's floor: a 401 that touches no
// database, so a latency figure can be read against what the framework alone costs here), read latency at N issues
// and ~3N comments (list, agent inbox-lite, the board user's inbox, a common and a rare search word; seeded by
// scripts/bench/seed.ts, with the database's size) and a mixed agent load (scripts/bench/mixed.ts: 32 workers for
// 60 s over checkout, comment, PATCH, release and list calls with 20 SSE subscribers open, its p99 read against GET
// /api/health's p99 at the same concurrency),
// and the board's page weight and long-thread first load (scripts/bench/pages.ts, also `npm run bench:pages`),
// then a second server on the same database: the race split across both and 200 wakes sent half through each
// (scripts/bench/instances.ts),
// and prints ONE JSON document on stdout. Progress goes to stderr. Exits non-zero only when something crashes; a
// missed target is a figure, not a failure.
//
// Argument: `--issues N` (`npm run bench -- --issues 1000000`), the reads phase's issues, 1000 or more; 100000 by
// default. A million takes about 3 minutes to seed on two cores.
//
// Environment switches (all optional):
//   BENCH_ONLY=mixed               run only these phases (comma-separated: race, checkout, reads, mixed, pages,
//                                  instances); the JSON's `phases` lists what ran, and only their figures and targets
//                                  are printed
//   BENCH_MIXED_SECONDS=60         length of the mixed window (10 is enough for a quick check)
//   BENCH_MIXED_CONCURRENCY=32     mixed workers, and the concurrency of the health run it is compared with
//   BENCH_MIXED_SUBSCRIBERS=20     SSE streams held open on the company's events for the whole window
//   BENCH_MIXED_AGENTS=8           agents (own key each) the workers are spread over; every worker has its own run
//   BENCH_MIXED_ISSUES=160         todo issues the workers contend for (default 5 per worker)
//   BENCH_MIXED_MAX_REQUESTS       cap on the mix's requests (default 2000 per second of window)
//   BENCH_VERBOSE=1                echo all server output to stderr
import { randomUUID } from "node:crypto";
import os from "node:os";
import { client as httpClient, load, must, pool, round, summarize, type Client, type Result } from "./bench/http";
import { connect, RARE_SEARCH_WORD, SEARCH_WORD, seedAtScale, seedTodoIssues } from "./bench/seed";
import { runMixed, type MixedAgent } from "./bench/mixed";
import { instancesPhase } from "./bench/instances";
import { checkoutRace } from "./bench/race";
import { pagesPhase } from "./bench/pages";
import { launchServer, type Server } from "./bench/server";
import { mintBoardKey } from "./lib/remote-server";

const RACE_ROUNDS = 20;
const SEGMENTS = 4;
const RACE_CONTENDERS = 50;
const CHECKOUT_WORKERS = 16;
const CHECKOUT_REQUESTS = 2400;
const SCALE_ASSIGNEES = 8;
const READ_REQUESTS = 240;
// Read latency is a request's own time at SCALE_ISSUES issues, so it is measured one request at a time; the same reads
// at concurrency 4 are printed beside it (`underLoad`) to show how they queue on two cores.
const READ_CONCURRENCY = 1;
const READ_LOAD_CONCURRENCY = 4;
const READ_WARMUP = 12;

const PHASES = ["race", "checkout", "reads", "mixed", "pages", "instances"] as const;
type Phase = (typeof PHASES)[number];

function phasesFromEnv(): Set<Phase> {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return new Set(PHASES);
  const names = raw
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length || names.length === 0)
    throw new Error(`BENCH_ONLY: unknown phase(s) ${unknown.join(", ") || "(none given)"}; use a comma-separated subset of ${PHASES.join(", ")}`);
  return new Set(PHASES.filter((phase) => names.includes(phase)));
}

/** `--issues N` (or `--issues=N`): the issues the reads phase seeds, with about three comments each. */
function issuesFromArgv(argv: string[]): number {
  const at = argv.findIndex((arg) => arg === "--issues" || arg.startsWith("--issues="));
  if (at < 0) return 100_000;
  const raw = argv[at].includes("=") ? argv[at].slice("--issues=".length) : argv[at + 1];
  const value = Number(raw?.replaceAll("_", ""));
  if (!raw || !/^\d[\d_]*$/.test(raw) || !Number.isSafeInteger(value) || value < 1000 || value > 100_000_000)
    throw new Error(`--issues must be followed by an integer from 1000 to 100000000 (got ${raw === undefined ? "nothing" : JSON.stringify(raw)})`);
  return value;
}

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

const PHASES_TO_RUN = phasesFromEnv();
const SCALE_ISSUES = issuesFromArgv(process.argv.slice(2));
const MIXED_SECONDS = intFromEnv("BENCH_MIXED_SECONDS", 60, 1, 3600);
const MIXED_CONCURRENCY = intFromEnv("BENCH_MIXED_CONCURRENCY", 32, 1, 256);
const MIXED_SUBSCRIBERS = intFromEnv("BENCH_MIXED_SUBSCRIBERS", 20, 0, 200);
const MIXED_AGENTS = intFromEnv("BENCH_MIXED_AGENTS", 8, 1, 64);
// Enough issues that a worker usually finds free work, few enough that checkouts often collide.
const MIXED_ISSUES = intFromEnv("BENCH_MIXED_ISSUES", 5 * MIXED_CONCURRENCY, 4, 100_000);
const MIXED_MAX_REQUESTS = intFromEnv("BENCH_MIXED_MAX_REQUESTS", 2000 * MIXED_SECONDS, 1, 10_000_000);
const MIXED_MAX_HELD = 3;
const MIXED_REQUEST_TIMEOUT_MS = 30_000;
const MIXED_HEALTH_WARMUP = 200;
const MIXED_HEALTH_REQUESTS = 4000;

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

type Agent = { id: string; name: string; token: string };

async function createAgents(http: Client, board: string, companyId: string, count: number, prefix = "bench-agent"): Promise<Agent[]> {
  const agents: Agent[] = new Array(count);
  await pool(count, 4, async (index) => {
    const name = `${prefix}-${String(index).padStart(2, "0")}`;
    const agent = await must<{ id: string }>(
      http.request("POST", `/api/companies/${companyId}/agents`, { token: board, body: { name } }),
      `create agent ${name}`,
    );
    const key = await must<{ token: string }>(http.request("POST", `/api/agents/${agent.id}/keys`, { token: board, body: {} }), `create key for ${name}`);
    agents[index] = { id: agent.id, name, token: key.token };
  });
  return agents;
}

/** Another checkout's `next build` in the same tree makes ours refuse to start; wait for it and try again. */
async function launchWithRetry(): Promise<Server> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launchServer({ verbose: process.env.BENCH_VERBOSE === "1" });
    } catch (error) {
      if (attempt >= 20 || !/Another next build process is already running/.test((error as Error).message)) throw error;
      progress(`another next build is running in this tree; retrying in 15 s (attempt ${attempt})`);
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    }
  }
}

type Totals = {
  requests: number;
  seconds: number;
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  samples: Result[];
  nodeCpuMs: number;
  postgresCpuMs: number;
  clientCpuMs: number;
  cpuKnown: boolean;
};
const emptyTotals = (): Totals => ({
  requests: 0,
  seconds: 0,
  latencies: [],
  statuses: {},
  errors: 0,
  samples: [],
  nodeCpuMs: 0,
  postgresCpuMs: 0,
  clientCpuMs: 0,
  cpuKnown: true,
});

/** Runs one load segment and adds its figures, including the server's CPU time over the segment, to `totals`. */
async function measureInto(totals: Totals, server: Server, run: () => ReturnType<typeof load>) {
  const before = server.cpu();
  const clientBefore = process.cpuUsage();
  const result = await run();
  const client = process.cpuUsage(clientBefore);
  const after = server.cpu();
  totals.clientCpuMs += (client.user + client.system) / 1000;
  totals.requests += result.requests;
  totals.seconds += result.seconds;
  totals.latencies.push(...result.latencies);
  totals.errors += result.errors;
  for (const [status, count] of Object.entries(result.statuses)) totals.statuses[status] = (totals.statuses[status] ?? 0) + count;
  if (totals.samples.length < 3) totals.samples.push(...result.samples.slice(0, 3 - totals.samples.length));
  if (before && after) {
    totals.nodeCpuMs += after.nodeMs - before.nodeMs;
    totals.postgresCpuMs += after.postgresMs - before.postgresMs;
  } else {
    totals.cpuKnown = false;
  }
}

const cpuPerRequest = (totals: Totals) =>
  totals.cpuKnown
    ? {
        nodeMs: round(totals.nodeCpuMs / totals.requests),
        postgresMs: round(totals.postgresCpuMs / totals.requests),
        benchClientMs: round(totals.clientCpuMs / totals.requests),
      }
    : null;

type Context = { server: Server; http: Client; board: string; sql: Awaited<ReturnType<typeof connect>> };
type ReadFigures = ReturnType<typeof summarize> & {
  requests: number;
  non200: number;
  throughputPerSec: number;
  serverCpuMsPerRequest: ReturnType<typeof cpuPerRequest>;
};

/** 2 and 3. Checkout throughput beside health and the floor, in alternating segments at concurrency 16. */
async function checkoutPhase({ server, http, sql }: Context, companyId: string, agents: Agent[]) {
  // 16 agents, each with one run, each checks out the next unclaimed issue.
  const todo = await seedTodoIssues(sql, companyId, CHECKOUT_REQUESTS, "Throughput task");
  await sql.query("ANALYZE issues");
  progress(`seeded ${todo.length} todo issues; checkout vs health at concurrency ${CHECKOUT_WORKERS}, ${SEGMENTS} alternating segments…`);
  const workerRuns = agents.slice(0, CHECKOUT_WORKERS).map((agent) => ({ agent, runId: randomUUID() }));
  const mismatched: unknown[] = [];
  const checkoutOne = async (index: number, worker: number) => {
    const { agent, runId } = workerRuns[worker];
    const result = await http.request("POST", `/api/issues/${todo[index]}/checkout`, {
      token: agent.token,
      runId,
      body: { agentId: agent.id, expectedStatuses: ["todo"] },
    });
    const body = result.body as { assigneeAgentId?: string; status?: string } | null;
    if (result.status === 200 && (body?.assigneeAgentId !== agent.id || body?.status !== "in_progress") && mismatched.length < 5) mismatched.push(body);
    return result;
  };
  const healthOne = () => http.request("GET", "/api/health");
  const floorOne = () => http.request("GET", "/api/agents/me");
  await load(100, CHECKOUT_WORKERS, healthOne);
  await load(100, CHECKOUT_WORKERS, floorOne);

  // Health on the same server, same request count and concurrency. Checkout and health alternate in
  // segments so that anything else running on the machine weighs on both alike.
  const perSegment = CHECKOUT_REQUESTS / SEGMENTS;
  const checkout = emptyTotals();
  const health = emptyTotals();
  const floor = emptyTotals();
  for (let segment = 0; segment < SEGMENTS; segment += 1) {
    await measureInto(checkout, server, () => load(perSegment, CHECKOUT_WORKERS, (index, worker) => checkoutOne(segment * perSegment + index, worker)));
    await measureInto(health, server, () => load(perSegment, CHECKOUT_WORKERS, healthOne));
    await measureInto(floor, server, () => load(perSegment, CHECKOUT_WORKERS, floorOne));
    progress(
      `segment ${segment + 1}/${SEGMENTS}: checkout ${(checkout.requests / checkout.seconds).toFixed(1)}/s, health ${(health.requests / health.seconds).toFixed(1)}/s so far`,
    );
  }
  const checkoutStats = summarize(checkout.latencies);
  const healthStats = summarize(health.latencies);
  const non200 = checkout.requests - (checkout.statuses["200"] ?? 0);
  progress(
    `checkout: ${(checkout.requests / checkout.seconds).toFixed(1)}/s, p50 ${checkoutStats.p50Ms} ms, p99 ${checkoutStats.p99Ms} ms, statuses ${JSON.stringify(checkout.statuses)}`,
  );
  progress(`health: ${(health.requests / health.seconds).toFixed(1)}/s, p50 ${healthStats.p50Ms} ms, p99 ${healthStats.p99Ms} ms`);
  const floorStats = summarize(floor.latencies);
  progress(
    `floor (unauthenticated 401, no database): ${(floor.requests / floor.seconds).toFixed(1)}/s, p50 ${floorStats.p50Ms} ms, p99 ${floorStats.p99Ms} ms`,
  );
  const checkoutThroughput = checkout.requests / checkout.seconds;
  const healthThroughput = health.requests / health.seconds;
  const checkoutToHealthRatio = checkoutThroughput / healthThroughput;
  return {
    figures: {
      checkout: {
        requests: checkout.requests,
        concurrency: CHECKOUT_WORKERS,
        errors: checkout.errors,
        non200,
        statuses: checkout.statuses,
        ...(mismatched.length ? { mismatchedBodies: mismatched } : {}),
        ...(checkout.samples.length ? { sampleFailures: checkout.samples.map((s) => ({ status: s.status, body: s.body, error: s.error })) } : {}),
        seconds: round(checkout.seconds),
        throughputPerSec: round(checkoutThroughput, 1),
        ...checkoutStats,
        serverCpuMsPerRequest: cpuPerRequest(checkout),
      },
      health: {
        requests: health.requests,
        concurrency: CHECKOUT_WORKERS,
        non200: health.requests - (health.statuses["200"] ?? 0),
        seconds: round(health.seconds),
        throughputPerSec: round(healthThroughput, 1),
        ...healthStats,
        serverCpuMsPerRequest: cpuPerRequest(health),
      },
      checkoutToHealthRatio: round(checkoutToHealthRatio, 3),
      floor: {
        what: "GET /api/agents/me without credentials: Next's request handling and our wrapper, answering 401, no database",
        requests: floor.requests,
        concurrency: CHECKOUT_WORKERS,
        unexpected: floor.requests - (floor.statuses["401"] ?? 0),
        throughputPerSec: round(floor.requests / floor.seconds, 1),
        ...floorStats,
        serverCpuMsPerRequest: cpuPerRequest(floor),
      },
      checkoutP99ToFloorP99: round(checkoutStats.p99Ms / floorStats.p99Ms, 2),
    },
    targets: {
      checkoutRatioAtLeast0_6: checkoutToHealthRatio >= 0.6,
      checkoutP99Under50ms: checkoutStats.p99Ms < 50,
      checkoutZeroErrors: checkout.errors === 0 && non200 === 0 && mismatched.length === 0,
    },
  };
}

/** 4. Reads at SCALE_ISSUES issues (`--issues`, 100k by default) and ~3 comments each, one at a time and at concurrency 4. */
async function readsPhase({ server, http, board, sql }: Context, companyId: string, agents: Agent[]) {
  const userId = (await sql.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [server.admin.email])).rows[0].id;
  const assignees = agents.slice(0, SCALE_ASSIGNEES).map((agent) => agent.id);
  const seed = await seedAtScale(sql, { companyId, userId, assignees, issueCount: SCALE_ISSUES, log: progress });
  const { rows: sizeRows } = await sql.query<{ bytes: string; pretty: string }>(
    "SELECT pg_database_size(current_database())::text AS bytes, pg_size_pretty(pg_database_size(current_database())) AS pretty",
  );
  progress(
    `seeded ${seed.issues} issues, ${seed.comments} comments, ${seed.relations} blocker relations in ${seed.seconds.toFixed(1)} s; database ${sizeRows[0].pretty}`,
  );
  const inboxAgent = agents[0];
  const { rows: inboxRows } = await sql.query<{ open: number }>(
    "SELECT count(*)::int AS open FROM issues WHERE company_id = $1::uuid AND assignee_agent_id = $2::uuid AND status IN ('todo','in_progress','in_review','blocked')",
    [companyId, inboxAgent.id],
  );
  const inboxRun = randomUUID();
  const reads = {
    inboxLite: () => http.request("GET", "/api/agents/me/inbox-lite", { token: inboxAgent.token, runId: inboxRun }),
    // The board user's inbox as its page first loads it: the Unread tab, 50 items, with the unread count.
    inbox: () => http.request("GET", `/api/companies/${companyId}/inbox`, { token: board }),
    list: () => http.request("GET", `/api/companies/${companyId}/issues?status=todo,in_progress&limit=50`, { token: board }),
    search: () => http.request("GET", `/api/companies/${companyId}/issues?q=${encodeURIComponent(SEARCH_WORD)}&limit=50`, { token: board }),
    rareSearch: () => http.request("GET", `/api/companies/${companyId}/issues?q=${encodeURIComponent(RARE_SEARCH_WORD)}&limit=50`, { token: board }),
  };
  const measureReads = async (send: () => Promise<Result>, concurrency: number): Promise<ReadFigures> => {
    const totals = emptyTotals();
    await measureInto(totals, server, () => load(READ_REQUESTS, concurrency, send));
    return {
      requests: totals.requests,
      non200: totals.requests - (totals.statuses["200"] ?? 0),
      throughputPerSec: round(totals.requests / totals.seconds, 1),
      ...summarize(totals.latencies),
      serverCpuMsPerRequest: cpuPerRequest(totals),
    };
  };
  const readResults: Record<string, ReadFigures & { items: number; underLoad: ReadFigures & { concurrency: number } }> = {};
  for (const [name, send] of Object.entries(reads)) {
    const warm = await load(READ_WARMUP, READ_LOAD_CONCURRENCY, send);
    const first = warm.samples[0] ?? null;
    if (first) throw new Error(`${name}: HTTP ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
    const probe = await send();
    const alone = await measureReads(send, READ_CONCURRENCY);
    const underLoad = await measureReads(send, READ_LOAD_CONCURRENCY);
    // Lists answer a bare array; the board inbox an object with `items`.
    const items = Array.isArray(probe.body) ? probe.body : (probe.body as { items?: unknown[] } | null)?.items;
    readResults[name] = { items: items?.length ?? 0, ...alone, underLoad: { concurrency: READ_LOAD_CONCURRENCY, ...underLoad } };
    progress(`${name}: ${JSON.stringify(readResults[name])}`);
  }
  return {
    figures: {
      reads: {
        issues: seed.issues,
        comments: seed.comments,
        blockerRelations: seed.relations,
        seedSeconds: round(seed.seconds, 1),
        seedLoadSeconds: round(seed.loadSeconds, 1),
        seedIndexSeconds: round(seed.indexSeconds, 1),
        databaseSizeBytes: Number(sizeRows[0].bytes),
        databaseSize: sizeRows[0].pretty,
        concurrency: READ_CONCURRENCY,
        inboxAgentOpenAssignments: inboxRows[0].open,
        inboxUserInvolvedIssues: seed.userInvolvedIssues,
        searchWord: SEARCH_WORD,
        searchWordInIssues: seed.searchWordIssueTitles,
        searchWordInIssuesComments: seed.searchWordComments,
        rareSearchWord: RARE_SEARCH_WORD,
        rareSearchWordIssues: seed.rareWordIssues,
        inboxLite: readResults.inboxLite,
        inbox: readResults.inbox,
        list: readResults.list,
        search: readResults.search,
        rareSearch: readResults.rareSearch,
      },
    },
    targets: {
      listP95Under30ms: readResults.list.p95Ms < 30,
      inboxP95Under30ms: readResults.inboxLite.p95Ms < 30,
      boardInboxP95Under30ms: readResults.inbox.p95Ms < 30,
      searchP95Under30ms: readResults.search.p95Ms < 30,
      rareSearchP95Under30ms: readResults.rareSearch.p95Ms < 30,
    },
  };
}

/**
 * 5. The mixed load (scripts/bench/mixed.ts) in a company of its own: GET /api/health at the mixed concurrency first,
 * on the same server, so the mix's p99 can be read as a multiple of the framework's own tail at that concurrency.
 */
async function mixedPhase({ server, http, board, sql }: Context) {
  const company = await must<{ id: string; issuePrefix: string }>(
    http.request("POST", "/api/companies", { token: board, body: { name: "Mixed Corp" } }),
    "create mixed company",
  );
  const agents = (await createAgents(http, board, company.id, MIXED_AGENTS, "mixed-agent")) satisfies MixedAgent[];
  const issueIds = await seedTodoIssues(sql, company.id, MIXED_ISSUES, "Mixed task");
  await sql.query("ANALYZE issues");
  progress(`mixed: company ${company.issuePrefix}, ${agents.length} agents, ${issueIds.length} todo issues; health at concurrency ${MIXED_CONCURRENCY} first…`);
  const healthOne = () => http.request("GET", "/api/health");
  await load(MIXED_HEALTH_WARMUP, MIXED_CONCURRENCY, healthOne);
  const health = emptyTotals();
  await measureInto(health, server, () => load(MIXED_HEALTH_REQUESTS, MIXED_CONCURRENCY, healthOne));
  const healthStats = summarize(health.latencies);
  progress(`health at ${MIXED_CONCURRENCY}: ${(health.requests / health.seconds).toFixed(1)}/s, p50 ${healthStats.p50Ms} ms, p99 ${healthStats.p99Ms} ms`);
  // Every route of the mix once, so first-hit compilation and connection set-up stay out of the timed window.
  await runMixed({
    ...mixedOptions(server, http, company.id, agents, issueIds, board),
    seconds: 1,
    concurrency: 4,
    subscribers: 1,
    releaseAtEnd: true,
    log: () => undefined,
  });
  const mixed = await runMixed(mixedOptions(server, http, company.id, agents, issueIds, board));
  const ratio = round(mixed.p99Ms / healthStats.p99Ms, 2);
  progress(
    `mixed: ${mixed.requests} requests in ${mixed.seconds} s (${mixed.throughputPerSec}/s), p50 ${mixed.p50Ms} ms, p99 ${mixed.p99Ms} ms (${ratio}× health p99), errors ${mixed.errors}, expected 409s ${mixed.expected409}; SSE ${mixed.sse.eventsReceived} events`,
  );
  if (mixed.errorBreakdown) progress(`mixed errors: ${JSON.stringify(mixed.errorBreakdown)}`);
  return {
    figures: {
      mixed: {
        ...mixed,
        health: {
          what: "GET /api/health at the mixed concurrency, measured right before the mixed window",
          requests: health.requests,
          concurrency: MIXED_CONCURRENCY,
          non200: health.requests - (health.statuses["200"] ?? 0),
          throughputPerSec: round(health.requests / health.seconds, 1),
          ...healthStats,
          serverCpuMsPerRequest: cpuPerRequest(health),
        },
      },
      mixedP99ToHealthP99: ratio,
    },
    targets: { mixedZeroErrors: mixed.errors === 0 },
  };
}

function mixedOptions(server: Server, http: Client, companyId: string, agents: MixedAgent[], issueIds: string[], board: string) {
  return {
    http,
    companyId,
    agents,
    issueIds,
    seconds: MIXED_SECONDS,
    concurrency: MIXED_CONCURRENCY,
    subscribers: MIXED_SUBSCRIBERS,
    subscriberToken: board,
    maxRequests: MIXED_MAX_REQUESTS,
    requestTimeoutMs: MIXED_REQUEST_TIMEOUT_MS,
    maxHeldPerWorker: MIXED_MAX_HELD,
    cpu: server.cpu,
    log: progress,
  };
}

async function main() {
  const started = Date.now();
  const loadAtStart = os.loadavg().map((l) => round(l));
  progress(`phases: ${[...PHASES_TO_RUN].join(", ")}; starting the server via scripts/start.ts (builds first if sources changed)…`);
  const server = await launchWithRetry();
  const shutdown = async (signal: string) => {
    progress(`${signal}: cleaning up`);
    await server.stop();
    process.exit(130);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  let sql: Awaited<ReturnType<typeof connect>> | null = null;
  try {
    progress(
      `server healthy on ${server.base} after ${((Date.now() - started) / 1000).toFixed(1)} s; database ${server.databaseUrl.replace(/:[^:@/]+@/, ":***@")}`,
    );
    const http = httpClient(server.base);
    const board = await mintBoardKey(`http://localhost:${server.port}`, server.admin, "bench");
    sql = await connect(server.databaseUrl);
    const context: Context = { server, http, board, sql };
    const figures: Record<string, unknown> = {};
    const targets: Record<string, boolean> = {};
    const add = (result: { figures: Record<string, unknown>; targets: Record<string, boolean> }) => {
      Object.assign(figures, result.figures);
      Object.assign(targets, result.targets);
    };

    if (PHASES_TO_RUN.has("race") || PHASES_TO_RUN.has("checkout") || PHASES_TO_RUN.has("reads")) {
      const company = await must<{ id: string; issuePrefix: string }>(
        http.request("POST", "/api/companies", { token: board, body: { name: "Bench Corp" } }),
        "create company",
      );
      const agents = await createAgents(http, board, company.id, RACE_CONTENDERS);
      progress(`company ${company.issuePrefix} with ${agents.length} agents and keys`);
      // 1. The checkout race.
      if (PHASES_TO_RUN.has("race")) {
        const raceResult = await checkoutRace([{ name: "first", http }], board, company.id, agents.slice(0, RACE_CONTENDERS), {
          rounds: RACE_ROUNDS,
          label: "race",
        });
        add({
          figures: { race: raceResult },
          targets: { exactlyOneWinnerEveryRound: raceResult.allRoundsExactlyOneWinner && raceResult.allOthers409CheckoutConflict },
        });
      }
      if (PHASES_TO_RUN.has("checkout")) add(await checkoutPhase(context, company.id, agents));
      if (PHASES_TO_RUN.has("reads")) add(await readsPhase(context, company.id, agents));
    }
    // Last, in a company of its own (beside the seeded one when the reads ran, as a busy board would be).
    if (PHASES_TO_RUN.has("mixed")) add(await mixedPhase(context));
    if (PHASES_TO_RUN.has("pages")) add(await pagesPhase(server, board));
    if (PHASES_TO_RUN.has("instances")) add(await instancesPhase(context, createAgents));

    const document = {
      phases: [...PHASES_TO_RUN],
      ...figures,
      targets,
      machine: {
        cpus: os.cpus().length,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((l) => round(l)),
        cpuModel: os.cpus()[0]?.model ?? null,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      totalSeconds: 0,
    };
    await sql.end();
    sql = null;
    await server.stop();
    document.totalSeconds = round((Date.now() - started) / 1000, 1);
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    if (sql) await sql.end().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
