// Tests wait on the condition they need, never on a fixed sleep. The deadline is only there so a condition that
// never comes fails the test with its name instead of hanging it; it is not what the test asserts.

/** Polls `check` until it returns something truthy, and returns that value (a found row, a pid list, `true`). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, { timeoutMs = 20_000, intervalMs = 25 } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
