import "server-only";
import pg from "pg";

// A stalled server (stopped, frozen, cut off behind a silent network) answers nothing, and a query sent on an open
// connection would wait for it for as long as it stalls. A fixed client-side timeout cannot tell that apart from a
// statement that is legitimately waiting (a row or advisory lock, a long provision), so a slow query asks instead
// whether the server still answers a new connection, and gives up only when it does not.

// A query (or a handshake) still waiting after SLOW_CHECK_MS makes its client check that the server answers at all, and
// a stalled server is given up on SLOW_CHECK_MS + PROBE_TIMEOUT_MS (3.5 s) after the stall began, or at worst 4.5 s
// after the query was sent, when a probe from just before the stall still vouched for the server at its first check.
// One unanswered probe gives up on every slow query at once: a server too loaded to accept a connection in 2.5 s is
// treated as down, and clients retry on the 503.
const SLOW_CHECK_MS = 1_000;
/** How long a new connection plus `SELECT 1` may take before the server counts as not answering. */
const PROBE_TIMEOUT_MS = 2_500;
/** A successful probe vouches for the server this long, so every slow query at one moment shares one probe. */
const PROBE_FRESH_MS = 1_000;

/** What pg says when a query's own `query_timeout` expires. */
const QUERY_READ_TIMEOUT_MESSAGE = "Query read timeout";

/** One probe at a time per database: opens a fresh connection and runs `SELECT 1`. */
class ServerProbe {
  private running: Promise<boolean> | null = null;
  private answeredAt = 0;

  constructor(private readonly connectionString: string) {}

  answers(): Promise<boolean> {
    if (Date.now() - this.answeredAt < PROBE_FRESH_MS) return Promise.resolve(true);
    this.running ??= this.probe().finally(() => (this.running = null));
    return this.running;
  }

  private async probe(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      this.answeredAt = Date.now();
      return true;
    } catch (error) {
      // A refusal the server sent itself (too many clients, starting up) still proves it is answering.
      return typeof (error as { severity?: unknown }).severity === "string";
    } finally {
      client.end().catch(() => undefined);
    }
  }
}

type QueryCallback = (error: Error | null, result: unknown) => void;

// Every pool and lock connection to one database shares its probe, so however many queries are slow at once, the server
// gets at most one probe connection at a time.
const globalForProbes = globalThis as unknown as { switchboardServerProbes?: Map<string, ServerProbe> };
const probes = (globalForProbes.switchboardServerProbes ??= new Map<string, ServerProbe>());

/**
 * A pg Client class whose slow handshakes and queries are watched: when the server no longer answers a probe, or a
 * query's own `query_timeout` expires, the connection is closed at once. Its work then fails with "Connection
 * terminated" (a 503 database_unavailable), and a pool drops it on release instead of lending out a connection that is
 * still waiting for an answer — possibly inside a transaction. pg-pool releases with the error itself, but Prisma's
 * transactions release without one, so closing is what keeps such a connection out.
 */
export function livenessWatchedClient(connectionString: string): typeof pg.Client {
  const probe = probes.get(connectionString) ?? new ServerProbe(connectionString);
  probes.set(connectionString, probe);
  return class LivenessWatchedClient extends pg.Client {
    // A stalled server accepts TCP connections (its kernel does) but never answers the startup message.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override connect(...args: any[]): any {
      // The handshake's socket is destroyed outright, as pg-pool's own connection timeout does; end() would wait.
      const settle = this.watch(() => this.connection.stream.destroy());
      const callback = args[0] as ((error: Error | null) => void) | undefined;
      if (typeof callback === "function") {
        return super.connect((error: Error | null) => {
          settle(null);
          callback(error);
        });
      }
      const connected = super.connect();
      connected.then(
        () => settle(null),
        () => settle(null),
      );
      return connected;
    }

    // pg's query() has many overloads (promise, callback, config object); every form passes through unchanged.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      // Query objects with their own submit() (cursors, streams) manage their own lifetime; none are used here.
      if (typeof args[0]?.submit === "function") return Reflect.apply(super.query, this, args);
      const settle = this.watch(() => this.abandon());
      const callbackIndex = args.findIndex((argument) => typeof argument === "function");
      if (callbackIndex >= 0) {
        const callback = args[callbackIndex] as QueryCallback;
        args[callbackIndex] = (error: Error | null, result: unknown) => {
          settle(error);
          callback(error, result);
        };
      }
      const result: unknown = Reflect.apply(super.query, this, args);
      if (result instanceof Promise) {
        result.then(
          () => settle(null),
          (error: unknown) => settle(error),
        );
      } else if (callbackIndex < 0) {
        settle(null);
      }
      return result;
    }

    /** Starts watching one handshake or query; the returned function stops it once that has settled. */
    private watch(giveUp: () => void): (error: unknown) => void {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const checkLater = () => {
        timer = setTimeout(() => {
          void probe.answers().then((answers) => {
            if (settled) return;
            if (answers) checkLater();
            else giveUp();
          });
        }, SLOW_CHECK_MS);
      };
      checkLater();
      return (error) => {
        settled = true;
        clearTimeout(timer);
        if (error instanceof Error && error.message === QUERY_READ_TIMEOUT_MESSAGE) this.abandon();
      };
    }

    private abandon() {
      // With a query still in flight, end() destroys the socket at once rather than waiting for the server.
      this.end().catch(() => undefined);
    }
  };
}
