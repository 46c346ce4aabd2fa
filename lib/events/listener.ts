import "server-only";
import pg from "pg";
import type { Actor } from "../auth/actor";
import { getCompany } from "../companies/companies";
import { EVENTS_CHANNEL, type LiveEvent } from "./publish";

/** One open stream's view of the hub: the company's events, and word that some may have been missed. */
export type EventSubscriber = {
  onEvent: (event: LiveEvent) => void;
  /** The LISTEN connection was lost and is back: events published in between never arrived. */
  onResync: () => void;
};

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5_000;
// While anyone listens, the LISTEN connection is asked `SELECT 1` this often: a stalled server or a silently dropped
// socket raises no error event, and without the probe every stream would wait on it for ever.
const PROBE_INTERVAL_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;

/**
 * One LISTEN connection per server process, shared by every SSE stream. Because events travel through PostgreSQL,
 * a change made on any app instance reaches browsers connected to any other. When the connection is lost (an error,
 * its end, or a probe that goes unanswered) it reconnects with backoff for as long as anyone listens, LISTENs again,
 * and tells every subscriber to resync, since NOTIFYs sent while it was away are gone.
 */
export class EventHub {
  private subscribers = new Map<string, Set<EventSubscriber>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = FIRST_RETRY_MS;
  /** Set once a connection has been made: every later one is a reconnect, after which streams resync. */
  private connectedBefore = false;
  private closed = false;

  /** Registers the subscriber once the hub is listening; throws (a 503 upstream) if it cannot listen now. */
  async subscribe(companyId: string, subscriber: EventSubscriber): Promise<() => void> {
    // Nobody was listening, so nothing has checked the idle connection lately: make sure it still answers first.
    if (!this.probeTimer && this.client) await this.probe();
    await this.ensureConnected();
    const set = this.subscribers.get(companyId) ?? new Set();
    set.add(subscriber);
    this.subscribers.set(companyId, set);
    this.startProbing();
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(companyId) === set) this.subscribers.delete(companyId);
      if (this.subscribers.size === 0) this.stopProbing();
    };
  }

  /** Whether the LISTEN connection is up right now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Closes the LISTEN connection for good (tests close the hub between databases; the server just exits). */
  async close() {
    this.closed = true;
    this.stopProbing();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    await this.connecting?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("Cannot use the event hub after it was closed"));
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({
      connectionString: process.env.DATABASE_URL,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      keepAlive: true,
    });
    client.on("notification", (message) => this.dispatch(message.payload));
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      this.retryLater();
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryDelayMs = FIRST_RETRY_MS;
    if (this.subscribers.size > 0) this.startProbing();
    if (this.connectedBefore) this.broadcastResync();
    this.connectedBefore = true;
  }

  /** The current connection failed: drop it and start reconnecting. Stale events from older clients are ignored. */
  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.stopProbing();
    // With a probe still unanswered, end() destroys the socket rather than waiting on a stalled server.
    client.end().catch(() => undefined);
    this.retryLater();
  }

  /** Schedules the next connection attempt, doubling the wait each time up to MAX_RETRY_MS; stops when nobody listens. */
  private retryLater() {
    if (this.retryTimer || this.closed || this.subscribers.size === 0) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.subscribers.size === 0) return;
      // A failed attempt schedules the next one itself (see connect).
      this.ensureConnected().catch(() => undefined);
    }, delay);
    // Open streams keep the process busy anyway; the hub's own timers must not hold a finished process open.
    this.retryTimer.unref();
  }

  private startProbing() {
    if (this.probeTimer || !this.client) return;
    this.probeTimer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }

  private stopProbing() {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  private async probe() {
    const client = this.client;
    if (!client) return;
    try {
      await client.query("SELECT 1");
    } catch {
      this.lost(client);
    }
  }

  private broadcastResync() {
    for (const set of this.subscribers.values()) for (const subscriber of set) subscriber.onResync();
  }

  private dispatch(payload: string | undefined) {
    if (!payload) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(payload);
    } catch {
      return;
    }
    for (const subscriber of this.subscribers.get(event.companyId) ?? []) subscriber.onEvent(event);
  }
}

const globalForHub = globalThis as unknown as { switchboardEventHub?: EventHub };

export function eventHub(): EventHub {
  globalForHub.switchboardEventHub ??= new EventHub();
  return globalForHub.switchboardEventHub;
}

const KEEPALIVE_MS = 15_000;

/**
 * A text/event-stream of the company's live events; closes cleanly when the client goes away. It stays open while the
 * database is away (keepalives go on) and says `resync` once events flow again, so the page refetches what it missed.
 */
export async function openCompanyEvents(actor: Actor, companyId: string, signal: AbortSignal): Promise<Response> {
  await getCompany(actor, companyId);
  const encoder = new TextEncoder();
  let send: (text: string) => void = () => undefined;
  // Subscribed before the response exists, so a hub that cannot listen answers 503 instead of a broken stream.
  const unsubscribe = await eventHub().subscribe(companyId, {
    onEvent: (event) => send(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    onResync: () => send(`event: resync\ndata: {"companyId":"${companyId}"}\n\n`),
  });
  let cleanup = () => unsubscribe();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const keepalive = setInterval(() => send(`: keepalive\n\n`), KEEPALIVE_MS);
      cleanup = () => {
        clearInterval(keepalive);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      if (signal.aborted) return cleanup();
      signal.addEventListener("abort", () => cleanup());
      send(`retry: 3000\nevent: ready\ndata: {"companyId":"${companyId}"}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
