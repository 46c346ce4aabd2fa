import "server-only";
import pg from "pg";
import { SERVER_REFUSED_EXIT_CODE } from "../exit-codes";
import { hostId } from "./processes";

/**
 * Which host ids have a running instance, told by PostgreSQL: each instance holds a session-level advisory lock on its
 * host id for its whole life on one dedicated connection, which the database lets go of when that connection ends
 * (process exit, kill -9, a lost machine). "Is host X running?" is then "is X's lock held?", asked on the same
 * connection. The connection also carries the runtime handoff's LISTEN (lib/workspaces/runtime-handoff.ts).
 */
export const HOST_LOCK_NAMESPACE = 72707370;

// A restarted server's predecessor may still be closing its connection: the claim waits this long for its lock.
const CLAIM_WAIT_MS = 15_000;
/** PostgreSQL's lock_not_available: the claim's lock_timeout ran out while another session held the host id. */
const LOCK_NOT_AVAILABLE = "55P03";
const RECONNECT_MS = 1_000;

export class HostIdInUse extends Error {
  constructor(host: string) {
    super(`Another running instance uses host id "${host}" (SWITCHBOARD_HOST_ID, default the hostname); give each instance its own SWITCHBOARD_HOST_ID`);
  }
}

type Presence = {
  client: pg.Client | null;
  connecting: Promise<pg.Client> | null;
  /** This process holds its host id's lock (the server does; tests and scripts only ask about others). */
  holding: boolean;
  lost: boolean;
  reconnectTimer: NodeJS.Timeout | null;
  channels: Map<string, (payload: string | undefined) => void>;
  onLost: Set<() => void>;
};
const globalForPresence = globalThis as unknown as { switchboardHostPresence?: Presence };
const state = (globalForPresence.switchboardHostPresence ??= {
  client: null,
  connecting: null,
  holding: false,
  lost: false,
  reconnectTimer: null,
  channels: new Map(),
  onLost: new Set(),
});

const tryLock = async (client: pg.Client, host: string) =>
  (await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [HOST_LOCK_NAMESPACE, host])).rows[0].locked;
const unlock = (client: pg.Client, host: string) => client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [HOST_LOCK_NAMESPACE, host]);

async function open(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000, keepAlive: true });
  client.on("notification", (message) => state.channels.get(message.channel)?.(message.payload));
  client.on("error", () => dropped(client));
  client.on("end", () => dropped(client));
  try {
    await client.connect();
    for (const channel of state.channels.keys()) await client.query(`LISTEN ${channel}`);
  } catch (error) {
    client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** The dedicated connection, opened on first use (without claiming anything: only holdHostId claims). */
function connection(): Promise<pg.Client> {
  if (state.client) return Promise.resolve(state.client);
  state.connecting ??= open()
    .then((client) => (state.client = client))
    .finally(() => (state.connecting = null));
  return state.connecting;
}

/**
 * Takes this host id's lock on `client`. PostgreSQL queues the request behind a predecessor that still holds it and
 * grants it the moment that session lets go; a holder that keeps it past the wait is another running instance.
 */
async function claim(client: pg.Client) {
  const host = hostId();
  await client.query(`SET lock_timeout = ${CLAIM_WAIT_MS}`);
  try {
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [HOST_LOCK_NAMESPACE, host]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) throw new HostIdInUse(host);
    throw error;
  } finally {
    await client.query("RESET lock_timeout");
  }
}

/**
 * Boot: takes this instance's host id for its life. Throws HostIdInUse if another running instance holds it still
 * after the claim's wait (the server then refuses to start).
 */
export async function holdHostId() {
  if (state.holding) return;
  await claim(await connection());
  state.holding = true;
}

/** The server's boot: holds the host id, or exits with why (a second instance must not supervise the first's services). */
export async function holdHostIdOrExit() {
  try {
    await holdHostId();
  } catch (error) {
    if (!(error instanceof HostIdInUse)) throw error;
    console.error(`[switchboard] ${error.message}`);
    process.exit(SERVER_REFUSED_EXIT_CODE);
  }
}

/** Runs `callback` if this instance loses its host id to another instance (it must then stop supervising). */
export function onHostIdLost(callback: () => void) {
  state.onLost.add(callback);
}

/** LISTENs on `channel` on the dedicated connection, now and after every reconnect. */
export async function listenForHost(channel: string, handler: (payload: string | undefined) => void) {
  state.channels.set(channel, handler);
  const client = await connection();
  await client.query(`LISTEN ${channel}`);
}

/** The connection ended: our lock went with it, so a new one re-takes it (and LISTENs again). */
function dropped(client: pg.Client) {
  if (state.client !== client) return;
  state.client = null;
  client.end().catch(() => undefined);
  if (state.holding) scheduleReconnect();
}

function scheduleReconnect() {
  if (state.reconnectTimer || state.lost) return;
  state.reconnectTimer = setTimeout(() => {
    state.reconnectTimer = null;
    void (async () => {
      let client: pg.Client;
      try {
        client = await connection();
      } catch {
        return scheduleReconnect();
      }
      try {
        await claim(client);
      } catch (error) {
        if (!(error instanceof HostIdInUse)) return dropped(client);
        state.lost = true;
        state.holding = false;
        console.error(`[switchboard] ${error.message}. This instance lost it while its database connection was down and stops supervising workspace services.`);
        for (const callback of state.onLost) callback();
      }
    })();
  }, RECONNECT_MS);
  state.reconnectTimer.unref();
}

/**
 * Whether an instance with host id `host` is running. When none is, `whileAbsent` runs holding that host id's lock,
 * so an instance coming back with it waits at boot until the work is done; never ask this about one's own host id.
 */
export async function unlessHostRunning<T>(host: string, whileAbsent: () => Promise<T>): Promise<{ running: true } | { running: false; result: T }> {
  if (host === hostId()) throw new Error("An instance does not ask whether it is itself running");
  const client = await connection();
  if (!(await tryLock(client, host))) return { running: true };
  try {
    return { running: false, result: await whileAbsent() };
  } finally {
    await unlock(client, host).catch(() => undefined);
  }
}

/** Closes the dedicated connection, letting go of this host id (tests; the server just exits). */
export async function releaseHostPresence() {
  const client = state.client;
  state.client = null;
  state.holding = false;
  state.lost = false;
  state.channels.clear();
  state.onLost.clear();
  if (state.reconnectTimer) clearTimeout(state.reconnectTimer);
  state.reconnectTimer = null;
  await client?.end().catch(() => undefined);
}
