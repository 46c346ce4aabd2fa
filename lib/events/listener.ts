import "server-only";
import pg from "pg";
import type { Actor } from "../auth/actor";
import { getCompany } from "../companies/companies";
import { EVENTS_CHANNEL, type LiveEvent } from "./publish";

type Subscriber = (event: LiveEvent) => void;

/**
 * One LISTEN connection per server process, shared by every SSE stream. Because events travel through PostgreSQL,
 * a change made on any app instance reaches browsers connected to any other. Reconnects with backoff.
 */
class EventHub {
  private subscribers = new Map<string, Set<Subscriber>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryDelayMs = 500;

  async subscribe(companyId: string, subscriber: Subscriber): Promise<() => void> {
    await this.ensureConnected();
    const set = this.subscribers.get(companyId) ?? new Set();
    set.add(subscriber);
    this.subscribers.set(companyId, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(companyId);
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000 });
    client.on("notification", (message) => this.dispatch(message.payload));
    client.on("error", () => this.reconnectLater(client));
    client.on("end", () => this.reconnectLater(client));
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
    this.retryDelayMs = 500;
  }

  private reconnectLater(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.subscribers.size === 0) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 15_000);
    setTimeout(() => this.ensureConnected().catch(() => this.reconnectLater(client)), delay).unref();
  }

  private dispatch(payload: string | undefined) {
    if (!payload) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(payload);
    } catch {
      return;
    }
    for (const subscriber of this.subscribers.get(event.companyId) ?? []) subscriber(event);
  }
}

const globalForHub = globalThis as unknown as { switchboardEventHub?: EventHub };

export function eventHub(): EventHub {
  globalForHub.switchboardEventHub ??= new EventHub();
  return globalForHub.switchboardEventHub;
}

const KEEPALIVE_MS = 15_000;

/** A text/event-stream of the company's live events; closes cleanly when the client goes away. */
export async function openCompanyEvents(actor: Actor, companyId: string, signal: AbortSignal): Promise<Response> {
  await getCompany(actor, companyId);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await eventHub().subscribe(companyId, (event) => send(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
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
