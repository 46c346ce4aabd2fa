// Loopback HTTP through node:http with a keep-alive agent (fetch costs the bench about a millisecond of CPU per
// request, which on a 2-core machine is taken from the server it measures), bounded-concurrency loops and percentiles.
import http from "node:http";
import { performance } from "node:perf_hooks";

export type Result = { status: number; ms: number; body: unknown; error?: string };

export type Client = {
  base: string;
  request: (
    method: string,
    path: string,
    options?: { token?: string; runId?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
  ) => Promise<Result>;
};

export function client(base: string): Client {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const send = (method: string, path: string, headers: Record<string, string>, payload: string | undefined, timeoutMs: number | undefined) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      // A whole-request deadline (not a socket idle timeout), so a stuck response cannot hold a bounded phase open.
      let timer: NodeJS.Timeout | undefined;
      const done =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          if (timer) clearTimeout(timer);
          settle(value);
        };
      const request = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => done(resolve)({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", done(reject));
      });
      request.on("error", done(reject));
      if (timeoutMs) timer = setTimeout(() => request.destroy(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
      request.end(payload);
    });
  return {
    base,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.runId) headers["x-paperclip-run-id"] = options.runId;
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      if (payload !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = String(Buffer.byteLength(payload));
      }
      const started = performance.now();
      try {
        const { status, text } = await send(method, path, headers, payload, options.timeoutMs);
        const ms = performance.now() - started;
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // not JSON; keep the text
        }
        return { status, ms, body };
      } catch (error) {
        return { status: 0, ms: performance.now() - started, body: null, error: (error as Error).message };
      }
    },
  };
}

/** Asserts a 2xx and returns the parsed body; for seeding steps, where any failure should stop the bench. */
export async function must<T = Record<string, unknown>>(promise: Promise<Result>, what: string): Promise<T> {
  const result = await promise;
  if (result.status < 200 || result.status >= 300)
    throw new Error(`${what}: HTTP ${result.status} ${result.error ?? JSON.stringify(result.body).slice(0, 500)}`);
  return result.body as T;
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight; `worker` is the slot index. */
export async function pool(total: number, concurrency: number, task: (index: number, worker: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async (_, worker) => {
      for (let index = next++; index < total; index = next++) await task(index, worker);
    }),
  );
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

export function summarize(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** A fixed number of requests at a fixed concurrency; throughput over the wall time of the whole batch. */
export async function load(total: number, concurrency: number, send: (index: number, worker: number) => Promise<Result>) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const samples: Result[] = [];
  const started = performance.now();
  await pool(total, concurrency, async (index, worker) => {
    const result = await send(index, worker);
    latencies.push(result.ms);
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    if (result.status === 0) errors += 1;
    if (result.status !== 200 && samples.length < 3) samples.push(result);
  });
  const seconds = (performance.now() - started) / 1000;
  return { requests: total, seconds, latencies, statuses, errors, samples, throughputPerSec: total / seconds };
}
