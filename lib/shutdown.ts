// What an instance does on SIGTERM/SIGINT before its HTTP server exits. scripts/server.ts is bundled apart from the
// code Next's instrumentation starts (the scheduler), so the hooks live on globalThis where both see the same list.
// No "server-only" here: scripts/server.ts imports this file too.

type ShutdownHook = () => Promise<unknown>;
const globalForShutdown = globalThis as unknown as { switchboardShutdown?: ShutdownHook[] };

/** Registers work to finish before the process exits on a stop signal (the scheduler hands its runs back). */
export function onShutdown(hook: ShutdownHook) {
  (globalForShutdown.switchboardShutdown ??= []).push(hook);
}

/** Runs every registered hook once, all at once; resolves when all have settled or `limitMs` has passed. */
export async function runShutdownHooks(limitMs: number) {
  const hooks = globalForShutdown.switchboardShutdown?.splice(0) ?? [];
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  const steps = Promise.all(hooks.map((hook) => hook().catch((error) => console.error("[switchboard] shutdown step failed:", error))));
  await Promise.race([steps, limit]);
  clearTimeout(timer);
}
