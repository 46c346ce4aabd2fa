// How long the launcher waits before restarting a server that died: 1 s, doubling to 30 s while it keeps dying soon
// after starting, back to 1 s once a run has stayed up a minute (a crash after a long healthy run is not a crash loop).
export type BackoffOptions = { initialMs: number; maxMs: number; stableMs: number };

export class RestartBackoff {
  private delayMs: number;
  private startedAt = 0;

  constructor(
    private readonly options: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {
    this.delayMs = options.initialMs;
  }

  /** Call when a server process starts. */
  started() {
    this.startedAt = this.now();
  }

  /** Call when it has exited: the wait before the next start. */
  nextDelayMs(): number {
    if (this.now() - this.startedAt >= this.options.stableMs) this.delayMs = this.options.initialMs;
    const delayMs = this.delayMs;
    this.delayMs = Math.min(delayMs * 2, this.options.maxMs);
    return delayMs;
  }
}
