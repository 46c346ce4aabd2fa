import { Unprocessable } from "@/lib/errors";

// Standard 5-field cron (minute hour day-of-month month day-of-week) evaluated on the wall clock of an IANA time zone.
// Pure and client-safe: lib/errors and lib/error-codes import nothing server-only, so the board can call describeCron.

export type CronSchedule = {
  /** The expression as given (trimmed, macros expanded, single spaces). */
  expression: string;
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  /** 0 = Sunday … 6 = Saturday (7 is read as Sunday). */
  daysOfWeek: number[];
  /** Vixie cron's rule: a day field written as "*" (or "*\/n") does not restrict, so the other one alone decides. */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
};

/** A malformed or never-matching cron expression: 422 naming the field "cronExpression". */
export class InvalidCronError extends Unprocessable {
  constructor(reason: string) {
    super(`cronExpression: ${reason}`, "invalid_cron", { invalidParams: [{ name: "cronExpression", reason }] });
  }
}

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

type FieldSpec = { label: string; min: number; max: number; names?: string[]; namesStart?: number };

const FIELDS: FieldSpec[] = [
  { label: "minute", min: 0, max: 59 },
  { label: "hour", min: 0, max: 23 },
  { label: "day of month", min: 1, max: 31 },
  { label: "month", min: 1, max: 12, names: MONTH_NAMES, namesStart: 1 },
  { label: "day of week", min: 0, max: 7, names: DAY_NAMES, namesStart: 0 },
];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (spec.namesStart ?? 0);
  if (!/^\d+$/.test(text)) throw new InvalidCronError(`"${text}" is not a valid ${spec.label}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw new InvalidCronError(`${spec.label} ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec): { values: number[]; star: boolean } {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    if (part === "") throw new InvalidCronError(`empty list item in the ${spec.label} field`);
    const [rangeText, stepText, extra] = part.split("/");
    if (extra !== undefined) throw new InvalidCronError(`"${part}" has more than one step`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new InvalidCronError(`step "${stepText}" must be a positive number`);
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (rangeText === "*") {
      low = spec.min;
      high = spec.label === "day of week" ? 6 : spec.max;
    } else if (rangeText.includes("-")) {
      const [lowText, highText, rest] = rangeText.split("-");
      if (rest !== undefined || !lowText || !highText) throw new InvalidCronError(`"${rangeText}" is not a valid range`);
      low = parseValue(lowText, spec);
      high = parseValue(highText, spec);
      if (low > high) throw new InvalidCronError(`range ${rangeText} runs backwards`);
    } else {
      low = parseValue(rangeText, spec);
      // "5/15" means from 5 to the field's end every 15, as in Vixie cron.
      high = stepText === undefined ? low : spec.max;
    }
    for (let value = low; value <= high; value += step) values.add(spec.label === "day of week" && value === 7 ? 0 : value);
  }
  return { values: [...values].sort((a, b) => a - b), star: text.startsWith("*") };
}

export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== "string" || expression.trim() === "") throw new InvalidCronError("a cron expression is required");
  const trimmed = expression.trim().replace(/\s+/g, " ");
  const expanded = trimmed.startsWith("@") ? MACROS[trimmed.toLowerCase()] : trimmed;
  if (expanded === undefined) throw new InvalidCronError(`unknown macro "${trimmed}" (use @hourly, @daily, @weekly, @monthly or @yearly)`);
  const parts = expanded.split(" ");
  if (parts.length !== 5) {
    throw new InvalidCronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts.map((part, index) => parseField(part, FIELDS[index]));
  const schedule: CronSchedule = {
    expression: expanded,
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dayOfMonth.values,
    months: month.values,
    daysOfWeek: dayOfWeek.values,
    dayOfMonthStar: dayOfMonth.star,
    dayOfWeekStar: dayOfWeek.star,
  };
  // Only the day of month can rule out every date (30 February); with a day of week it matches through the OR rule.
  if (schedule.dayOfWeekStar || schedule.dayOfMonthStar) {
    const possible = schedule.months.some((m) => schedule.daysOfMonth.some((d) => d <= DAYS_IN_MONTH[m - 1]));
    if (!possible) throw new InvalidCronError("the day of month never occurs in the chosen months");
  }
  return schedule;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock reading at `instant`, encoded as if it were UTC milliseconds. */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
}

function offsetAt(instant: number, timeZone: string): number {
  return wallClock(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Day of month 29 in February alone recurs only every 4 years, at worst 8 across a skipped leap year (2100). */
const SEARCH_DAYS = 366 * 9;

function dayMatches(schedule: CronSchedule, wallDay: number): boolean {
  const date = new Date(wallDay);
  if (!schedule.months.includes(date.getUTCMonth() + 1)) return false;
  const domMatch = schedule.daysOfMonth.includes(date.getUTCDate());
  const dowMatch = schedule.daysOfWeek.includes(date.getUTCDay());
  if (schedule.dayOfMonthStar || schedule.dayOfWeekStar) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * The instants whose wall clock reads `wall`, given the offsets in force before and after the day's transition.
 * A time skipped by spring-forward maps to the same distance past the gap (02:30 → 03:30, like Temporal's
 * "compatible"); a time repeated by fall-back yields both instants, earlier first.
 */
function instantsFor(wall: number, offsetBefore: number, offsetAfter: number, timeZone: string): number[] {
  const found: number[] = [];
  for (const offset of offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter]) {
    const instant = wall - offset;
    if (offsetAt(instant, timeZone) === offset && !found.includes(instant)) found.push(instant);
  }
  if (found.length === 0) return [wall - offsetBefore];
  return found.sort((a, b) => a - b);
}

/**
 * The first slot strictly after `after`, evaluated on the wall clock of IANA `timeZone`, as a UTC Date.
 * DST: a skipped wall time fires just past the gap; a repeated wall time fires once (its first occurrence), except
 * when the hour field is "every hour", where the repeated hour is simply more time passing and fires again.
 */
export function nextCronSlot(expression: string, timeZone: string, after: Date): Date {
  const schedule = parseCron(expression);
  if (!isValidTimeZone(timeZone)) throw Unprocessable.field("timezone", `"${timeZone}" is not an IANA time zone`);
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new Error("nextCronSlot needs a valid date");
  const everyHour = schedule.hours.length === 24;
  const startWall = wallClock(afterMs, timeZone);
  const firstDay = Math.floor(startWall / DAY) * DAY - DAY;
  for (let day = firstDay, searched = 0; searched <= SEARCH_DAYS; day += DAY, searched += 1) {
    if (!dayMatches(schedule, day)) continue;
    // The widest window of instants that can read this wall day (offsets run from -12h to +14h).
    const offsetBefore = offsetAt(day - 14 * HOUR, timeZone);
    const offsetAfter = offsetAt(day + DAY + 12 * HOUR, timeZone);
    let best: number | undefined;
    for (const hour of schedule.hours) {
      for (const minute of schedule.minutes) {
        const wall = day + hour * HOUR + minute * MINUTE;
        if (offsetBefore === offsetAfter) {
          const instant = wall - offsetBefore;
          if (instant > afterMs) return new Date(instant);
          continue;
        }
        const instants = instantsFor(wall, offsetBefore, offsetAfter, timeZone);
        for (const instant of everyHour ? instants : instants.slice(0, 1)) {
          if (instant > afterMs && (best === undefined || instant < best)) best = instant;
        }
      }
    }
    if (best !== undefined) return new Date(best);
  }
  throw new InvalidCronError("the expression never matches a date");
}

// ---- describeCron -------------------------------------------------------------------------------------------------

const DAY_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** Consecutive runs collapse to "first–last" (three or more), the rest are listed. */
function describeValues(values: number[], name: (value: number) => string): string {
  const runs: number[][] = [];
  for (const value of values) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === value - 1) run.push(value);
    else runs.push([value]);
  }
  return joinWords(runs.flatMap((run) => (run.length >= 3 ? [`${name(run[0])}–${name(run[run.length - 1])}`] : run.map(name))));
}

/** An arithmetic series starting at the field's minimum and covering it: "*\/n". */
function everyStep(values: number[], min: number, max: number): number | null {
  if (values.length < 2 || values[0] !== min) return null;
  const step = values[1] - values[0];
  if (values.some((value, index) => value !== min + index * step)) return null;
  return values[values.length - 1] + step > max ? step : null;
}

const pad = (value: number) => String(value).padStart(2, "0");

function describeTime(schedule: CronSchedule): string {
  const { minutes, hours } = schedule;
  const allMinutes = minutes.length === 60;
  const allHours = hours.length === 24;
  const minuteStep = everyStep(minutes, 0, 59);
  const hourStep = everyStep(hours, 0, 23);
  if (allMinutes && allHours) return "Every minute";
  if (minuteStep && allHours) return `Every ${minuteStep} minutes`;
  if (allMinutes) return `Every minute during ${describeValues(hours, (hour) => `${pad(hour)}:00–${pad(hour)}:59`)}`;
  if (minutes.length === 1 && allHours) return minutes[0] === 0 ? "Every hour" : `Every hour at minute ${minutes[0]}`;
  if (minutes.length === 1 && hourStep) return `Every ${hourStep} hours${minutes[0] === 0 ? "" : ` at minute ${minutes[0]}`}`;
  if (minutes.length * hours.length <= 6) {
    return `At ${joinWords(hours.flatMap((hour) => minutes.map((minute) => `${pad(hour)}:${pad(minute)}`)))}`;
  }
  const hourText = `hour${hours.length > 1 ? "s" : ""} ${describeValues(hours, pad)}`;
  if (minuteStep) return `Every ${minuteStep} minutes during ${hourText}`;
  const minuteText = `minute${minutes.length > 1 ? "s" : ""} ${describeValues(minutes, String)}`;
  return `At ${minuteText} past ${allHours ? "every hour" : hourText}`;
}

function describeDays(schedule: CronSchedule): string {
  const domAll = schedule.daysOfMonth.length === 31;
  const dowAll = schedule.daysOfWeek.length === 7;
  const ordinalDays = `day${schedule.daysOfMonth.length > 1 ? "s" : ""} ${describeValues(schedule.daysOfMonth, String)} of the month`;
  const weekdays = describeValues(schedule.daysOfWeek, (day) => DAY_LONG[day]);
  let text = "";
  if (schedule.dayOfMonthStar || schedule.dayOfWeekStar) {
    const parts = [domAll ? "" : ordinalDays, dowAll ? "" : weekdays].filter(Boolean);
    if (parts.length > 0) text = ` on ${parts.join(" if it is a ")}`;
  } else {
    text = ` on ${ordinalDays} or on ${weekdays}`;
  }
  if (schedule.months.length < 12) text += ` in ${describeValues(schedule.months, (month) => MONTH_LONG[month - 1])}`;
  return text;
}

/**
 * "Every minute", "At 09:00 on Monday–Friday", "Every hour on day 1 of the month" … for the board. Never throws:
 * an invalid expression describes its problem.
 */
export function describeCron(expression: string): string {
  let schedule: CronSchedule;
  try {
    schedule = parseCron(expression);
  } catch (error) {
    const reason = error instanceof InvalidCronError ? error.invalidParams?.[0]?.reason : undefined;
    return `Invalid schedule${reason ? `: ${reason}` : ""}`;
  }
  return `${describeTime(schedule)}${describeDays(schedule)}`;
}
