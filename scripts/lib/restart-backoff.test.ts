import { describe, expect, it } from "vitest";
import { RestartBackoff } from "./restart-backoff";

describe("RestartBackoff", () => {
  it("doubles from 1 s to 30 s while the server keeps dying, and starts over after a stable run", () => {
    let now = 0;
    const backoff = new RestartBackoff(undefined, () => now);
    const delays: number[] = [];
    for (let crash = 0; crash < 7; crash += 1) {
      backoff.started();
      now += 500;
      const delay = backoff.nextDelayMs();
      delays.push(delay);
      now += delay;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);

    backoff.started();
    now += 60_000;
    expect(backoff.nextDelayMs()).toBe(1_000);
  });
});
