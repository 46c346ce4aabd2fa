import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeCron, InvalidCronError, isValidTimeZone, nextCronSlot, parseCron } from "./cron";

const next = (expression: string, timeZone: string, after: string) => nextCronSlot(expression, timeZone, new Date(after)).toISOString();

/** Each expected slot was worked out by hand from the calendar (1 January 2026 is a Thursday). */
describe("nextCronSlot in UTC", () => {
  it.each([
    ["* * * * *", "2026-01-01T00:00:00.000Z", "2026-01-01T00:01:00.000Z"],
    ["* * * * *", "2026-01-01T00:00:30.000Z", "2026-01-01T00:01:00.000Z"],
    ["*/5 * * * *", "2026-01-01T12:07:00.000Z", "2026-01-01T12:10:00.000Z"],
    ["*/5 * * * *", "2026-01-01T23:55:00.000Z", "2026-01-02T00:00:00.000Z"],
    ["1-30/2 * * * *", "2026-01-01T10:29:00.000Z", "2026-01-01T11:01:00.000Z"],
    ["5/15 * * * *", "2026-01-01T10:36:00.000Z", "2026-01-01T10:50:00.000Z"],
    ["0,15,45 * * * *", "2026-01-01T10:16:00.000Z", "2026-01-01T10:45:00.000Z"],
    ["0 9 * * 1-5", "2026-01-02T09:00:00.000Z", "2026-01-05T09:00:00.000Z"],
    ["0 9 * * MON-FRI", "2026-01-03T08:00:00.000Z", "2026-01-05T09:00:00.000Z"],
    ["0 0 * * 7", "2026-01-01T00:00:00.000Z", "2026-01-04T00:00:00.000Z"],
    ["0 0 * * sun", "2026-01-01T00:00:00.000Z", "2026-01-04T00:00:00.000Z"],
    ["0 0 1 * *", "2026-01-31T12:00:00.000Z", "2026-02-01T00:00:00.000Z"],
    ["0 0 31 * *", "2026-02-01T00:00:00.000Z", "2026-03-31T00:00:00.000Z"],
    ["0 0 * JAN,JUL SUN", "2026-02-01T00:00:00.000Z", "2026-07-05T00:00:00.000Z"],
    // Both day fields restricted: the 13th OR a Friday (6 February comes first).
    ["0 12 13 * 5", "2026-02-01T00:00:00.000Z", "2026-02-06T12:00:00.000Z"],
    // Day of week written "*": the 13th alone.
    ["0 12 13 * *", "2026-02-01T00:00:00.000Z", "2026-02-13T12:00:00.000Z"],
    // A "*\/n" day of week still counts as unrestricted (Vixie cron), so the 13th must also be an even weekday.
    ["0 12 13 * */2", "2026-02-01T00:00:00.000Z", "2026-06-13T12:00:00.000Z"],
    ["0 0 30 2 1", "2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z"],
    ["0 0 29 2 *", "2026-01-01T00:00:00.000Z", "2028-02-29T00:00:00.000Z"],
    ["0 0 29 2 *", "2097-03-01T00:00:00.000Z", "2104-02-29T00:00:00.000Z"],
    ["@hourly", "2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z"],
    ["@daily", "2026-01-01T10:00:00.000Z", "2026-01-02T00:00:00.000Z"],
    ["@weekly", "2026-01-01T10:00:00.000Z", "2026-01-04T00:00:00.000Z"],
    ["@monthly", "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"],
    ["@yearly", "2026-06-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["  0   12  *  *  * ", "2026-01-01T12:00:00.000Z", "2026-01-02T12:00:00.000Z"],
  ])("%s after %s → %s", (expression, after, expected) => {
    expect(next(expression, "UTC", after)).toBe(expected);
  });

  it("agrees with a minute-by-minute search for many expressions and instants", () => {
    const expressions = ["*/7 * * * *", "13 */3 * * *", "0 8-18/2 * * 1-5", "30 4 1,15 * *", "0 0 * * 6,0", "45 23 28-31 * *", "0 0 13 * 5"];
    const matches = (expression: string, instant: Date) => {
      const schedule = parseCron(expression);
      const domHit = schedule.daysOfMonth.includes(instant.getUTCDate());
      const dowHit = schedule.daysOfWeek.includes(instant.getUTCDay());
      const day = schedule.dayOfMonthStar || schedule.dayOfWeekStar ? domHit && dowHit : domHit || dowHit;
      return (
        day &&
        schedule.minutes.includes(instant.getUTCMinutes()) &&
        schedule.hours.includes(instant.getUTCHours()) &&
        schedule.months.includes(instant.getUTCMonth() + 1)
      );
    };
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const expression of expressions) {
      for (let sample = 0; sample < 5; sample += 1) {
        const after = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 24 * 60) * 60_000 + 17_000);
        let brute = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
        while (!matches(expression, brute)) brute = new Date(brute.getTime() + 60_000);
        expect(nextCronSlot(expression, "UTC", after).toISOString(), `${expression} after ${after.toISOString()}`).toBe(brute.toISOString());
      }
    }
  });

  it("works in a zone with a half-hour offset and no DST", () => {
    expect(next("0 9 * * *", "Asia/Kolkata", "2026-01-01T00:00:00.000Z")).toBe("2026-01-01T03:30:00.000Z");
  });
});

// Europe/Berlin 2026: CET→CEST on 29 March at 02:00 (01:00Z); CEST→CET on 25 October at 03:00 (01:00Z).
describe("nextCronSlot in Europe/Berlin across DST", () => {
  it("fires a skipped 02:30 just past the spring-forward gap, then at 02:30 again", () => {
    expect(next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00.000Z")).toBe("2026-03-29T01:30:00.000Z");
    expect(next("30 2 * * *", "Europe/Berlin", "2026-03-29T01:30:00.000Z")).toBe("2026-03-30T00:30:00.000Z");
  });

  it("keeps the wall-clock hour on both sides of a change", () => {
    expect(next("0 9 * * *", "Europe/Berlin", "2026-03-28T08:00:00.000Z")).toBe("2026-03-29T07:00:00.000Z");
    expect(next("0 9 * * *", "Europe/Berlin", "2026-10-25T06:00:00.000Z")).toBe("2026-10-25T08:00:00.000Z");
    expect(next("0 9 * * MON-FRI", "Europe/Berlin", "2026-03-27T09:00:00.000Z")).toBe("2026-03-30T07:00:00.000Z");
  });

  it("runs every minute straight through the gap", () => {
    expect(next("* * * * *", "Europe/Berlin", "2026-03-29T00:59:00.000Z")).toBe("2026-03-29T01:00:00.000Z");
    expect(next("* * * * *", "Europe/Berlin", "2026-03-29T01:00:00.000Z")).toBe("2026-03-29T01:01:00.000Z");
  });

  it("fires a fixed-hour slot in the repeated hour once, at its first occurrence", () => {
    expect(next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00.000Z")).toBe("2026-10-25T00:30:00.000Z");
    expect(next("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00.000Z")).toBe("2026-10-26T01:30:00.000Z");
    // From inside the second pass of the repeated hour: 02:30 already fired.
    expect(next("30 2 * * *", "Europe/Berlin", "2026-10-25T01:10:00.000Z")).toBe("2026-10-26T01:30:00.000Z");
  });

  it("keeps an every-hour schedule going through the repeated hour", () => {
    const slots: string[] = [];
    let after = new Date("2026-10-25T00:10:00.000Z");
    for (let index = 0; index < 5; index += 1) {
      after = nextCronSlot("*/30 * * * *", "Europe/Berlin", after);
      slots.push(after.toISOString());
    }
    expect(slots).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:30:00.000Z",
    ]);
  });
});

// America/New_York 2026: EST→EDT on 8 March at 02:00 (07:00Z); EDT→EST on 1 November at 02:00 (06:00Z).
describe("nextCronSlot in America/New_York across DST", () => {
  it("fires a skipped 02:30 at 03:30 EDT", () => {
    expect(next("30 2 * * *", "America/New_York", "2026-03-07T12:00:00.000Z")).toBe("2026-03-08T07:30:00.000Z");
    expect(next("30 2 * * *", "America/New_York", "2026-03-08T07:30:00.000Z")).toBe("2026-03-09T06:30:00.000Z");
  });

  it("fires 01:30 once on the fall-back day", () => {
    expect(next("30 1 * * *", "America/New_York", "2026-11-01T05:00:00.000Z")).toBe("2026-11-01T05:30:00.000Z");
    expect(next("30 1 * * *", "America/New_York", "2026-11-01T05:30:00.000Z")).toBe("2026-11-02T06:30:00.000Z");
  });

  it("fires hourly every real hour through the repeated hour", () => {
    expect(next("0 * * * *", "America/New_York", "2026-11-01T05:00:00.000Z")).toBe("2026-11-01T06:00:00.000Z");
    expect(next("0 * * * *", "America/New_York", "2026-11-01T06:00:00.000Z")).toBe("2026-11-01T07:00:00.000Z");
    expect(next("*/15 * * * *", "America/New_York", "2026-11-01T05:50:00.000Z")).toBe("2026-11-01T06:00:00.000Z");
  });

  it("moves weekday mornings with the clock", () => {
    expect(next("0 9 * * 1-5", "America/New_York", "2026-03-06T14:00:00.000Z")).toBe("2026-03-09T13:00:00.000Z");
    expect(next("0 9 * * 1-5", "America/New_York", "2026-01-05T13:59:00.000Z")).toBe("2026-01-05T14:00:00.000Z");
  });
});

describe("parseCron", () => {
  it("expands names, 7 = Sunday, steps and macros", () => {
    const schedule = parseCron("0-10/5 9 1,15 jan-MAR 5-7");
    expect(schedule).toMatchObject({ minutes: [0, 5, 10], hours: [9], daysOfMonth: [1, 15], months: [1, 2, 3], daysOfWeek: [0, 5, 6] });
    expect(schedule.dayOfMonthStar).toBe(false);
    expect(parseCron("@Weekly").expression).toBe("0 0 * * 0");
  });

  it.each([
    ["", "a cron expression is required"],
    ["* * * *", "expected 5 fields"],
    ["* * * * * *", "expected 5 fields"],
    ["60 * * * *", "minute 60 is out of range"],
    ["* 24 * * *", "hour 24 is out of range"],
    ["* * 0 * *", "day of month 0 is out of range"],
    ["* * * 13 *", "month 13 is out of range"],
    ["* * * * 8", "day of week 8 is out of range"],
    ["*/0 * * * *", "step"],
    ["5-1 * * * *", "runs backwards"],
    ["1,,2 * * * *", "empty list item"],
    ["a * * * *", "not a valid minute"],
    ["* * * FOO *", "not a valid month"],
    ["0 0 30 2 *", "never occurs"],
    ["0 0 31 4,6,9,11 *", "never occurs"],
    ["@often", "unknown macro"],
  ])("refuses %j with a 422 naming cronExpression", (expression, reason) => {
    let thrown: unknown;
    try {
      parseCron(expression);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCronError);
    const error = thrown as InvalidCronError;
    expect(error.status).toBe(422);
    expect(error.code).toBe("invalid_cron");
    expect(error.invalidParams?.[0]?.name).toBe("cronExpression");
    expect(error.invalidParams?.[0]?.reason).toContain(reason);
  });

  it("makes nextCronSlot throw rather than search forever", () => {
    expect(() => nextCronSlot("0 0 30 2 *", "UTC", new Date())).toThrow(InvalidCronError);
  });
});

describe("time zones", () => {
  it("knows IANA names and refuses others with a 422 on timezone", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(() => nextCronSlot("* * * * *", "Mars/Olympus", new Date())).toThrow(
      expect.objectContaining({ status: 422, invalidParams: [expect.objectContaining({ name: "timezone" })] }),
    );
  });
});

describe("describeCron", () => {
  it.each([
    ["* * * * *", "Every minute"],
    ["*/5 * * * *", "Every 5 minutes"],
    ["0 * * * *", "Every hour"],
    ["15 * * * *", "Every hour at minute 15"],
    ["0 */2 * * *", "Every 2 hours"],
    ["0 9 * * 1-5", "At 09:00 on Monday–Friday"],
    ["30 8,12 * * *", "At 08:30 and 12:30"],
    ["0 0 1 * *", "At 00:00 on day 1 of the month"],
    ["0 9 1 * 1", "At 09:00 on day 1 of the month or on Monday"],
    ["0 0 * * 6,0", "At 00:00 on Sunday and Saturday"],
    ["0 6 * 1,7 *", "At 06:00 in January and July"],
    ["@weekly", "At 00:00 on Sunday"],
    ["*/15 9-17 * * 1-5", "Every 15 minutes during hours 09–17 on Monday–Friday"],
    ["0,30 9-17 * * *", "Every 30 minutes during hours 09–17"],
    ["15,45 9-17 * * *", "At minutes 15 and 45 past hours 09–17"],
    ["5,10,20 * * * *", "At minutes 5, 10 and 20 past every hour"],
  ])("%s reads %j", (expression, text) => {
    expect(describeCron(expression)).toBe(text);
  });

  it("describes a bad expression instead of throwing", () => {
    expect(describeCron("61 * * * *")).toBe("Invalid schedule: minute 61 is out of range 0-59");
  });

  it("stays client-safe: nothing on its import path is server-only", () => {
    for (const file of ["lib/routines/cron.ts", "lib/errors.ts", "lib/error-codes.ts"]) {
      const source = readFileSync(path.resolve(import.meta.dirname, "../..", file), "utf8");
      expect(source, file).not.toContain(`"server-only"`);
      expect(source.match(/^import (?!type ).*$/gm) ?? [], file).toEqual(
        file === "lib/routines/cron.ts"
          ? ['import { Unprocessable } from "@/lib/errors";']
          : file === "lib/errors.ts"
            ? [expect.stringContaining('"./error-codes"')]
            : [],
      );
    }
  });
});
