import { Unprocessable } from "../errors";
import type { RoutineVariable } from "../schemas/routines";

// A routine's title and description are templates: {{name}} is replaced at each fire by a built-in (date, routine,
// workspace) or a declared variable. Pure, so the rules are unit-tested without a database.

export type WorkspaceContext = { name: string; branchName: string | null; cwd: string | null };
export type Scalar = string | number | boolean;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** YYYY-MM-DD and YYYY-MM-DD HH:MM on the wall clock of `timeZone` (an unknown zone reads as UTC). */
function wallClock(now: Date, timeZone: string) {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
  } catch {
    return wallClock(now, "UTC");
  }
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "00";
  const date = `${part("year")}-${part("month")}-${part("day")}`;
  return { date, datetime: `${date} ${part("hour")}:${part("minute")}` };
}

/** The values every routine template may use, whatever it declares. */
export function builtinVariables(input: {
  now: Date;
  timeZone?: string | null;
  routineTitle: string;
  workspace?: WorkspaceContext | null;
}): Record<string, string> {
  const clock = wallClock(input.now, input.timeZone || "UTC");
  const values: Record<string, string> = {
    date: clock.date,
    datetime: clock.datetime,
    timestamp: input.now.toISOString(),
    "routine.title": input.routineTitle,
  };
  if (input.workspace) {
    values["workspace.name"] = input.workspace.name;
    values["workspace.branch"] = input.workspace.branchName ?? "";
    values["workspace.path"] = input.workspace.cwd ?? "";
  }
  return values;
}

function coerce(variable: RoutineVariable, raw: unknown): { value: Scalar | null; problem?: string } {
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "")) return { value: null };
  if (variable.type === "number") {
    const value = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : NaN;
    return Number.isFinite(value) ? { value } : { value: null, problem: "must be a number" };
  }
  if (variable.type === "boolean") {
    if (typeof raw === "boolean") return { value: raw };
    const text = String(raw).trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(text)) return { value: true };
    if (["false", "0", "no", "off"].includes(text)) return { value: false };
    return { value: null, problem: "must be true or false" };
  }
  const value = typeof raw === "string" ? raw : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : JSON.stringify(raw);
  if (variable.type === "select" && !(variable.options ?? []).includes(value))
    return { value: null, problem: `must be one of: ${(variable.options ?? []).join(", ")}` };
  return { value };
}

/**
 * The declared variables' values: from `variables`, then `payload.variables`, then the payload's own keys, then the
 * default. A required variable left without a value, or a value of the wrong type, is one 422 naming every such field.
 */
export function resolveVariables(
  declared: RoutineVariable[],
  given: { variables?: Record<string, unknown> | null; payload?: Record<string, unknown> | null },
): Record<string, Scalar> {
  const payload = given.payload ?? {};
  const provided: Record<string, unknown> = { ...payload, ...(isRecord(payload.variables) ? payload.variables : {}), ...(given.variables ?? {}) };
  const resolved: Record<string, Scalar> = {};
  const problems: { name: string; reason: string }[] = [];
  for (const variable of declared) {
    // Own keys only: a variable named like an Object.prototype member ("constructor") must not find the prototype's.
    const raw = Object.hasOwn(provided, variable.name) && provided[variable.name] !== undefined ? provided[variable.name] : variable.defaultValue;
    const { value, problem } = coerce(variable, raw);
    if (problem) problems.push({ name: `variables.${variable.name}`, reason: problem });
    else if (value === null) {
      if (variable.required) problems.push({ name: `variables.${variable.name}`, reason: "Required: give a value or set a default" });
    } else resolved[variable.name] = value;
  }
  if (problems.length) {
    throw new Unprocessable(`Routine variables: ${problems.map((problem) => `${problem.name} ${problem.reason}`).join("; ")}`, "routine_variables_invalid", {
      invalidParams: problems,
    });
  }
  return resolved;
}

/**
 * Replaces every {{name}} it has a value for; unknown names stay as written, so a typo shows in the issue. A value that
 * would take the text past `maxLength` is not inserted, so a big value repeated in a template cannot exhaust memory.
 */
export function renderTemplate(template: string, values: Record<string, Scalar>, maxLength = 200_000): string {
  let length = template.length;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) return whole;
    const value = String(values[name]);
    if (length + value.length - whole.length > maxLength) return whole;
    length += value.length - whole.length;
    return value;
  });
}
