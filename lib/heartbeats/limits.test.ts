import { describe, expect, it } from "vitest";
import { checkRunSettings, maxConcurrentRuns, runLeaseSeconds } from "./limits";

describe("run settings from the environment", () => {
  it("default to 16 runs at once and a 30-second lease", () => {
    expect([maxConcurrentRuns({}), runLeaseSeconds({})]).toEqual([16, 30]);
    expect([maxConcurrentRuns({ SWITCHBOARD_MAX_CONCURRENT_RUNS: "" }), runLeaseSeconds({ SWITCHBOARD_RUN_LEASE_SECONDS: " " })]).toEqual([16, 30]);
  });

  it("take whole numbers within their bounds", () => {
    expect([maxConcurrentRuns({ SWITCHBOARD_MAX_CONCURRENT_RUNS: "1" }), maxConcurrentRuns({ SWITCHBOARD_MAX_CONCURRENT_RUNS: "1000" })]).toEqual([1, 1000]);
    expect([runLeaseSeconds({ SWITCHBOARD_RUN_LEASE_SECONDS: "5" }), runLeaseSeconds({ SWITCHBOARD_RUN_LEASE_SECONDS: "3600" })]).toEqual([5, 3600]);
  });

  it("refuse anything else with an error naming the variable", () => {
    for (const value of ["0", "1001", "4.5", "-3", "many", "1e3"])
      expect(() => checkRunSettings({ SWITCHBOARD_MAX_CONCURRENT_RUNS: value })).toThrow(
        `SWITCHBOARD_MAX_CONCURRENT_RUNS must be a whole number from 1 to 1000, not "${value}"`,
      );
    for (const value of ["4", "3601", "soon"])
      expect(() => checkRunSettings({ SWITCHBOARD_RUN_LEASE_SECONDS: value })).toThrow(`SWITCHBOARD_RUN_LEASE_SECONDS must be a whole number from 5 to 3600`);
  });
});
