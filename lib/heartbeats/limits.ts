// How many runs go at once and how long a run's lease lasts, read from the environment in one place: the scheduler
// reads them per instance, and scripts/start.ts refuses to start with a bad value rather than fail in the server.
// No "server-only" here: the launcher imports this file too.

/** Bounds of `runtimeConfig.heartbeat.maxConcurrentRuns`, an agent's cap on its own runs at once across instances. */
export const AGENT_MAX_CONCURRENT_RUNS = { min: 1, max: 50, default: 1 } as const;

type Environment = Record<string, string | undefined>;

/** A whole number from the environment, its default when unset or empty, an error naming the variable otherwise. */
function integerSetting(env: Environment, name: string, { fallback, min, max }: { fallback: number; min: number; max: number }) {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${env[name]}"`);
  return value;
}

/** Runs one instance executes at once: agent runs mostly wait on a model, so the default is sized for waiting. */
export const maxConcurrentRuns = (env: Environment = process.env) =>
  integerSetting(env, "SWITCHBOARD_MAX_CONCURRENT_RUNS", { fallback: 16, min: 1, max: 1000 });

/** How long a run outlives the last renewal of its lease (renewed every second) before another instance fails it. */
export const runLeaseSeconds = (env: Environment = process.env) => integerSetting(env, "SWITCHBOARD_RUN_LEASE_SECONDS", { fallback: 30, min: 5, max: 3600 });

/** Every run setting, so the launcher can refuse a bad one before it starts anything. */
export function checkRunSettings(env: Environment = process.env) {
  maxConcurrentRuns(env);
  runLeaseSeconds(env);
}
