// Runtime settings read from the environment in one place: the handoff reads them per request, and scripts/start.ts
// refuses to start with a bad value rather than fail in the server. No "server-only" here: the launcher imports it.

type Environment = Record<string, string | undefined>;

const HANDOFF_TIMEOUT_MS = { fallback: 30_000, min: 1_000, max: 600_000 } as const;

/** How long a handed-off service action waits for its owner to take it: SWITCHBOARD_HANDOFF_TIMEOUT_MS, default 30 s. */
export function handoffTimeoutMs(env: Environment = process.env) {
  const name = "SWITCHBOARD_HANDOFF_TIMEOUT_MS";
  const raw = env[name]?.trim();
  if (!raw) return HANDOFF_TIMEOUT_MS.fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < HANDOFF_TIMEOUT_MS.min || value > HANDOFF_TIMEOUT_MS.max)
    throw new Error(`${name} must be a whole number of milliseconds from ${HANDOFF_TIMEOUT_MS.min} to ${HANDOFF_TIMEOUT_MS.max}, not "${env[name]}"`);
  return value;
}

/** Every runtime setting, so the launcher can refuse a bad one before it starts anything. */
export function checkRuntimeSettings(env: Environment = process.env) {
  handoffTimeoutMs(env);
}
