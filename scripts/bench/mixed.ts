// The mixed phase of `npm run bench`: `concurrency` workers for `seconds` each loop over a weighted mix of agent API
// calls shaped like Paperclip's heartbeats (list, checkout, comment, PATCH, release, resume), while `subscribers`
// SSE streams stay open on the company's events. Several agents share the workers, each worker with its own run, so
// checkouts contend across agents and across runs of one agent. A 409 checkout_conflict or run_ownership_conflict is
// an expected outcome and counted apart; an error is any 5xx, network error, unexpected 4xx or wrong 200 body.
// Bounded: a deadline, a request cap, and a per-request timeout; traffic goes only to the server under test.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { round, summarize, type Client, type Result } from "./http";

export type MixedAgent = { id: string; name: string; token: string };

export type MixedOptions = {
  http: Client;
  companyId: string;
  agents: MixedAgent[];
  /** Todo issues the workers contend for. */
  issueIds: string[];
  seconds: number;
  concurrency: number;
  subscribers: number;
  /** Bearer token the SSE subscribers use (a board key: the board UI is who holds these streams open). */
  subscriberToken: string;
  maxRequests: number;
  requestTimeoutMs: number;
  /** An issue a worker holds at most this many of; beyond it a checkout turns into a release. */
  maxHeldPerWorker: number;
  cpu: () => { nodeMs: number; postgresMs: number } | null;
  log: (message: string) => void;
  /** Give every held issue back when the window ends (untimed), so a warm-up leaves the pool as it found it. */
  releaseAtEnd?: boolean;
};

/** Weights of the mix (percent). A kind that needs a held issue when the worker holds none becomes a checkout. */
export const MIX_WEIGHTS = { list: 25, checkout: 20, comment: 20, patch: 25, release: 10 } as const;
const EXPECTED_409 = new Set(["checkout_conflict", "run_ownership_conflict"]);
const KINDS = ["list", "checkout", "resume", "comment", "patch", "release"] as const;
type Kind = (typeof KINDS)[number];
type Held = { id: string; status: string };

const codeOf = (result: Result) => (result.body && typeof result.body === "object" ? (result.body as { code?: string }).code : undefined);
const reasonOf = (result: Result) =>
  result.body && typeof result.body === "object" ? ((result.body as { details?: { reason?: string } }).details?.reason ?? undefined) : undefined;

type Subscriber = { events: number; byType: Record<string, number>; ready: boolean; closedEarly: string | null; close: () => void };

/** Opens one SSE stream and counts the events on it (the `ready` greeting and keepalive comments are not counted). */
function subscribe(base: string, path: string, token: string, settled: () => void): Subscriber {
  const url = new URL(base);
  let closing = false;
  let reported = false;
  const onReady = () => {
    if (!reported) settled();
    reported = true;
  };
  const state: Subscriber = { events: 0, byType: {}, ready: false, closedEarly: null, close: () => {} };
  let buffer = "";
  const request = http.get(
    { host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, agent: false },
    (response) => {
      if (response.statusCode !== 200) {
        state.closedEarly = `HTTP ${response.statusCode}`;
        response.resume();
        onReady();
        return;
      }
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(frame)?.[1];
          if (!type) continue;
          if (type === "ready") {
            state.ready = true;
            onReady();
            continue;
          }
          state.events += 1;
          state.byType[type] = (state.byType[type] ?? 0) + 1;
        }
      });
      response.on("end", () => {
        if (!closing && !state.closedEarly) state.closedEarly = "stream ended";
      });
      response.on("error", (error) => {
        if (!closing && !state.closedEarly) state.closedEarly = error.message;
      });
    },
  );
  request.on("error", (error) => {
    if (!closing && !state.closedEarly) state.closedEarly = error.message;
    onReady();
  });
  state.close = () => {
    closing = true;
    request.destroy();
  };
  return state;
}

export async function runMixed(options: MixedOptions) {
  const { http: client, companyId, agents, issueIds } = options;
  const counts = Object.fromEntries(
    KINDS.map((kind) => [kind, { requests: 0, ok: 0, expected: 0, errors: 0, latencies: [] as number[], statuses: {} as Record<string, number> }]),
  );
  const expectedOutcomes: Record<string, number> = {};
  const errorBreakdown: Record<string, number> = {};
  const errorSamples: unknown[] = [];
  const all: number[] = [];
  let sent = 0;
  let resyncs = 0;
  let mutationEvents = 0; // the live events the successful mutations should have published
  let heldAtEnd = 0;

  // Subscribers first, each confirmed by its `ready` event, so every event of the window has 20 listeners.
  let readyCount = 0;
  let allReady: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => (allReady = resolve));
  const onReady = () => {
    readyCount += 1;
    if (readyCount >= options.subscribers) allReady();
  };
  const subscribers = Array.from({ length: options.subscribers }, () =>
    subscribe(client.base, `/api/companies/${companyId}/events`, options.subscriberToken, onReady),
  );
  if (options.subscribers === 0) allReady();
  const readyTimeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
  await Promise.race([readyPromise, readyTimeout]);
  const notReady = subscribers.filter((s) => !s.ready).length;
  options.log(
    `mixed: ${options.subscribers - notReady}/${options.subscribers} SSE subscribers ready; ${options.concurrency} workers for ${options.seconds} s over ${issueIds.length} issues and ${agents.length} agents…`,
  );

  const record = (kind: Kind, result: Result, extra: { wrongBody?: string } = {}) => {
    const entry = counts[kind];
    entry.requests += 1;
    entry.latencies.push(result.ms);
    all.push(result.ms);
    entry.statuses[result.status] = (entry.statuses[result.status] ?? 0) + 1;
    const code = codeOf(result);
    if (result.status >= 200 && result.status < 300 && !extra.wrongBody) {
      entry.ok += 1;
      return "ok" as const;
    }
    if (result.status === 409 && code && EXPECTED_409.has(code)) {
      entry.expected += 1;
      const key = `${kind} 409 ${code}${reasonOf(result) ? ` ${reasonOf(result)}` : ""}`;
      expectedOutcomes[key] = (expectedOutcomes[key] ?? 0) + 1;
      return "expected" as const;
    }
    entry.errors += 1;
    const key = extra.wrongBody ? `${kind} ${result.status} ${extra.wrongBody}` : `${kind} ${result.status} ${code ?? result.error ?? ""}`.trim();
    errorBreakdown[key] = (errorBreakdown[key] ?? 0) + 1;
    if (errorSamples.length < 5) {
      const body = result.body && typeof result.body === "object" ? result.body : String(result.body ?? "").slice(0, 300);
      errorSamples.push({ kind, status: result.status, ...(result.error ? { error: result.error } : {}), body });
    }
    return "error" as const;
  };

  const deadline = performance.now() + options.seconds * 1000;
  const cpuBefore = options.cpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();

  const worker = async (index: number) => {
    const agent = agents[index % agents.length];
    const runId = randomUUID();
    const held: Held[] = [];
    const call = (method: string, path: string, body?: unknown) =>
      client.request(method, path, { token: agent.token, runId, body, timeoutMs: options.requestTimeoutMs });
    const drop = (issue: Held) => held.splice(held.indexOf(issue), 1);
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
    let step = 0;

    /** After an error the write may or may not have landed: read the issue back and believe what it says. */
    const resync = async (issueId: string) => {
      resyncs += 1;
      const result = await call("GET", `/api/issues/${issueId}`);
      const existing = held.find((issue) => issue.id === issueId);
      const body = result.body as { assigneeAgentId?: string; status?: string; checkoutRunId?: string | null } | null;
      if (result.status !== 200 || !body) return; // keep whatever we believed; the next error will try again
      const mine =
        body.assigneeAgentId === agent.id && body.status !== "todo" && !(body.status === "in_progress" && body.checkoutRunId && body.checkoutRunId !== runId);
      if (mine && existing) existing.status = body.status!;
      else if (mine) held.push({ id: issueId, status: body.status! });
      else if (existing) drop(existing);
    };

    const checkout = async () => {
      const free = issueIds.filter((id) => !held.some((issue) => issue.id === id));
      const issueId = pick(free);
      const result = await call("POST", `/api/issues/${issueId}/checkout`, { agentId: agent.id, expectedStatuses: ["todo", "backlog"] });
      const body = result.body as { assigneeAgentId?: string; status?: string } | null;
      const wrongBody = result.status === 200 && (body?.assigneeAgentId !== agent.id || body?.status !== "in_progress") ? "checkout winner body" : undefined;
      const outcome = record("checkout", result, { wrongBody });
      if (outcome === "ok") {
        held.push({ id: issueId, status: "in_progress" });
        mutationEvents += 1;
      } else if (outcome === "error") await resync(issueId);
    };

    /** Back to work on an issue this worker left in review or blocked: a checkout from that status, as Paperclip agents do. */
    const resume = async (issue: Held) => {
      const result = await call("POST", `/api/issues/${issue.id}/checkout`, { agentId: agent.id, expectedStatuses: [issue.status] });
      const outcome = record("resume", result);
      if (outcome === "ok") {
        issue.status = "in_progress";
        mutationEvents += 1;
      } else if (outcome === "expected") drop(issue);
      else await resync(issue.id);
    };

    const comment = async (issue: Held) => {
      const result = await call("POST", `/api/issues/${issue.id}/comments`, {
        body: `Progress from run ${runId.slice(0, 8)}, step ${step}: checked the logs, next is the fix.`,
      });
      const outcome = record("comment", result);
      if (outcome === "ok") mutationEvents += 1;
      else if (outcome === "expected") drop(issue);
      else await resync(issue.id);
    };

    const patch = async (issue: Held) => {
      const choices: Array<Record<string, unknown>> = [
        { title: `Mixed task retitled by ${agent.name} at step ${step}` },
        { comment: `Status note ${step}: still working on it.` },
        { priority: pick(["critical", "high", "medium", "low"]), comment: `Reprioritised at step ${step}.` },
      ];
      if (issue.status === "in_progress")
        choices.push({ status: "in_review", comment: "Ready for review." }, { status: "blocked", comment: "Blocked on a dependency." });
      const body = pick(choices);
      const result = await call("PATCH", `/api/issues/${issue.id}`, body);
      const outcome = record("patch", result);
      if (outcome === "ok") {
        if (typeof body.status === "string") issue.status = body.status;
        mutationEvents += body.comment ? 2 : 1;
      } else if (outcome === "expected") drop(issue);
      else await resync(issue.id);
    };

    const release = async (issue: Held) => {
      const result = await call("POST", `/api/issues/${issue.id}/release`);
      const outcome = record("release", result);
      if (outcome === "ok") {
        drop(issue);
        mutationEvents += 1;
      } else if (outcome === "expected") drop(issue);
      else await resync(issue.id);
    };

    const list = async () => {
      const path =
        Math.random() < 0.5
          ? `/api/companies/${companyId}/issues?status=todo,backlog&limit=50`
          : `/api/companies/${companyId}/issues?assigneeAgentId=${agent.id}&status=todo,in_progress,in_review,blocked`;
      record("list", await call("GET", path));
    };

    while (performance.now() < deadline && sent < options.maxRequests) {
      sent += 1;
      step += 1;
      const roll = Math.random() * 100;
      const own = held.length ? pick(held) : null;
      if (roll < MIX_WEIGHTS.list) await list();
      else if (!own) await checkout();
      else if (roll < MIX_WEIGHTS.list + MIX_WEIGHTS.checkout) await (held.length >= options.maxHeldPerWorker ? release(own) : checkout());
      else if (roll < MIX_WEIGHTS.list + MIX_WEIGHTS.checkout + MIX_WEIGHTS.comment) await comment(own);
      else if (roll < 100 - MIX_WEIGHTS.release) await (own.status !== "in_progress" && Math.random() < 0.5 ? resume(own) : patch(own));
      else await release(own);
    }
    heldAtEnd += held.length;
    if (options.releaseAtEnd) for (const issue of held) await call("POST", `/api/issues/${issue.id}/release`);
  };

  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = options.cpu();
  const clientCpu = process.cpuUsage(clientBefore);
  // Let the last NOTIFYs reach the streams before counting.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  subscribers.forEach((subscriber) => subscriber.close());

  const requests = all.length;
  const errors = Object.values(counts).reduce((sum, entry) => sum + entry.errors, 0) + subscribers.filter((s) => s.closedEarly).length;
  const perSubscriber = subscribers.map((s) => s.events);
  const byType: Record<string, number> = {};
  for (const s of subscribers) for (const [type, n] of Object.entries(s.byType)) byType[type] = (byType[type] ?? 0) + n;
  const kinds = Object.fromEntries(
    KINDS.map((kind) => {
      const entry = counts[kind];
      const stats = summarize(entry.latencies);
      return [
        kind,
        {
          requests: entry.requests,
          ok: entry.ok,
          expected409: entry.expected,
          errors: entry.errors,
          statuses: entry.statuses,
          p50Ms: stats.p50Ms,
          p99Ms: stats.p99Ms,
        },
      ];
    }),
  );
  const topErrors = Object.entries(errorBreakdown)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  return {
    seconds: round(seconds),
    concurrency: options.concurrency,
    agents: agents.length,
    issues: issueIds.length,
    weights: MIX_WEIGHTS,
    requests,
    throughputPerSec: round(requests / seconds, 1),
    ...summarize(all),
    errors,
    expected409: Object.values(counts).reduce((sum, entry) => sum + entry.expected, 0),
    kinds,
    ...(topErrors.length ? { errorBreakdown: Object.fromEntries(topErrors), errorSamples } : {}),
    expectedOutcomes,
    resyncReads: resyncs,
    issuesHeldAtEnd: heldAtEnd,
    cappedByMaxRequests: sent >= options.maxRequests,
    sse: {
      subscribers: options.subscribers,
      ready: subscribers.filter((s) => s.ready).length,
      closedEarly: subscribers.filter((s) => s.closedEarly).map((s) => s.closedEarly),
      eventsReceived: perSubscriber.reduce((sum, n) => sum + n, 0),
      perSubscriberMin: perSubscriber.length ? Math.min(...perSubscriber) : 0,
      perSubscriberMax: perSubscriber.length ? Math.max(...perSubscriber) : 0,
      expectedPerSubscriber: mutationEvents,
      byType,
    },
    serverCpuMsPerRequest:
      cpuBefore && cpuAfter
        ? {
            nodeMs: round((cpuAfter.nodeMs - cpuBefore.nodeMs) / requests),
            postgresMs: round((cpuAfter.postgresMs - cpuBefore.postgresMs) / requests),
            benchClientMs: round((clientCpu.user + clientCpu.system) / 1000 / requests),
          }
        : null,
  };
}
