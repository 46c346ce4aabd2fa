"use client";

import { useMemo, useState } from "react";
import { Field, FieldMessage, Input, Select, fieldProps } from "@/components/ui/form";
import type { SigningMode, TriggerBody } from "@/lib/queries/routines";
import { InvalidCronError, describeCron, isValidTimeZone, nextCronSlot, parseCron } from "@/lib/routines/cron";

/** The reason a cron expression was refused, without the field name the server-side message starts with. */
const cronReason = (error: unknown) => (error instanceof InvalidCronError ? error.invalidParams?.[0]?.reason : undefined) ?? (error as Error).message;

export const SCHEDULE_PRESETS = [
  { label: "Every 15 minutes", cron: "*/15 * * * *" },
  { label: "Every hour", cron: "0 * * * *" },
  { label: "Every day at 09:00", cron: "0 9 * * *" },
  { label: "Every weekday at 09:00", cron: "0 9 * * 1-5" },
  { label: "Every Monday at 09:00", cron: "0 9 * * 1" },
  { label: "On the 1st of the month at 09:00", cron: "0 9 1 * *" },
] as const;

const CUSTOM = "custom";

/** The browser's own time zone, the schedule's default. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function timeZones(current: string): string[] {
  const listed = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...listed])].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

/** The next `count` fire times of a valid schedule, or the reason it has none. */
export function upcomingSlots(cron: string, timeZone: string, count: number, from = new Date()): Date[] | string {
  try {
    parseCron(cron);
  } catch (error) {
    return cronReason(error);
  }
  if (!isValidTimeZone(timeZone)) return `"${timeZone}" is not a time zone`;
  const slots: Date[] = [];
  let after = from;
  try {
    for (let index = 0; index < count; index += 1) {
      after = nextCronSlot(cron, timeZone, after);
      slots.push(after);
    }
  } catch (error) {
    return cronReason(error);
  }
  return slots;
}

/** A client-side check before submit; the server has the final word (its problem names the same fields). */
export function scheduleProblem(cron: string): string | false {
  if (!cron.trim()) return "Enter a cron expression";
  try {
    parseCron(cron.trim());
    return false;
  } catch (error) {
    return cronReason(error);
  }
}

/**
 * A schedule: a preset or a five-field cron expression, its time zone (the browser's by default), what it means in
 * words and when it fires next, computed as you type. Submits `cronExpression` and `timezone`.
 */
export function ScheduleFields({
  idPrefix,
  errors,
  initialCron = "0 9 * * 1-5",
  initialTimeZone,
  onEdit,
}: {
  idPrefix: string;
  errors: Record<string, string | undefined>;
  initialCron?: string;
  initialTimeZone?: string;
  /** Called when the expression changes, so a form can drop its stale complaint about the last one. */
  onEdit?: () => void;
}) {
  const [cron, setCronText] = useState(initialCron);
  const setCron = (next: string) => {
    setCronText(next);
    onEdit?.();
  };
  const [timeZone, setTimeZone] = useState(() => initialTimeZone ?? browserTimeZone());
  const zones = useMemo(() => timeZones(timeZone), [timeZone]);
  const preset = SCHEDULE_PRESETS.find((candidate) => candidate.cron === cron.trim())?.cron ?? CUSTOM;
  const slots = upcomingSlots(cron.trim(), timeZone, 3);
  const zoneFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: isValidTimeZone(timeZone) ? timeZone : "UTC" });
  const cronId = `${idPrefix}-cron`;
  const previewId = `${idPrefix}-preview`;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${idPrefix}-preset`} label="Repeat">
          <Select id={`${idPrefix}-preset`} value={preset} onChange={(event) => event.target.value !== CUSTOM && setCron(event.target.value)}>
            {SCHEDULE_PRESETS.map((option) => (
              <option key={option.cron} value={option.cron}>
                {option.label}
              </option>
            ))}
            <option value={CUSTOM}>Custom cron expression</option>
          </Select>
        </Field>
        <Field id={`${idPrefix}-timezone`} label="Time zone" error={errors.timezone}>
          <Select
            {...fieldProps(`${idPrefix}-timezone`, errors.timezone)}
            name="timezone"
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="space-y-1">
        <label htmlFor={cronId} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Cron expression
        </label>
        <Input
          {...fieldProps(cronId, errors.cronExpression, true)}
          aria-describedby={errors.cronExpression ? `${cronId}-error` : previewId}
          name="cronExpression"
          value={cron}
          onChange={(event) => setCron(event.target.value)}
          className="font-mono"
          autoComplete="off"
          spellCheck={false}
          placeholder="minute hour day-of-month month day-of-week"
        />
        <FieldMessage id={cronId} error={errors.cronExpression} />
        <div id={previewId} aria-live="polite" className="rounded-md bg-zinc-50 px-2.5 py-2 text-xs text-zinc-600 dark:bg-zinc-900/60 dark:text-zinc-400">
          {typeof slots === "string" ? (
            <span className="text-amber-800 dark:text-amber-300">{slots}</span>
          ) : (
            <>
              <p className="font-medium text-zinc-800 dark:text-zinc-200" data-testid="schedule-words">
                {describeCron(cron.trim())} ({timeZone})
              </p>
              <p className="mt-1">Next: {slots.map((slot) => zoneFormat.format(slot)).join(" · ")}</p>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/** How the sender proves a webhook call is theirs. Submits `signingMode` and `replayWindowSec`. */
export function WebhookFields({ idPrefix, errors }: { idPrefix: string; errors: Record<string, string | undefined> }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field
        id={`${idPrefix}-signing`}
        label="Signing"
        error={errors.signingMode}
        hint="A signature proves the body came from someone holding the secret; a bearer token is the secret itself."
      >
        <Select {...fieldProps(`${idPrefix}-signing`, errors.signingMode, true)} name="signingMode" defaultValue="hmac_sha256">
          {(Object.keys(SIGNING_WORDS) as SigningMode[]).map((mode) => (
            <option key={mode} value={mode}>
              {SIGNING_WORDS[mode]}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id={`${idPrefix}-replay`}
        label="Replay window (seconds)"
        optional
        error={errors.replayWindowSec}
        hint="How old a signed call may be (30–86400; 300 if empty)."
      >
        <Input
          {...fieldProps(`${idPrefix}-replay`, errors.replayWindowSec, true)}
          name="replayWindowSec"
          type="number"
          min={30}
          max={86_400}
          inputMode="numeric"
          placeholder="300"
        />
      </Field>
    </div>
  );
}

/** How each signing mode reads in the form and on the trigger. */
export const SIGNING_WORDS: Record<SigningMode, string> = {
  hmac_sha256: "HMAC-SHA256 signature",
  github_hmac: "GitHub signature (X-Hub-Signature-256)",
  bearer: "Bearer token",
};

export type TriggerChoice = "schedule" | "webhook" | "none";

/** The trigger a submitted form describes, or the field errors that stop it; null for "manual only". */
export function readTrigger(form: FormData, kind: TriggerChoice): { body: TriggerBody | null; errors: Record<string, string | false> } {
  if (kind === "schedule") {
    const cronExpression = String(form.get("cronExpression") ?? "").trim();
    const timezone = String(form.get("timezone") ?? "UTC");
    return { body: { kind: "schedule", cronExpression, timezone }, errors: { cronExpression: scheduleProblem(cronExpression) } };
  }
  if (kind === "webhook") {
    const replay = String(form.get("replayWindowSec") ?? "").trim();
    const replayWindowSec = replay ? Number(replay) : undefined;
    const body: TriggerBody = { kind: "webhook", signingMode: form.get("signingMode") as SigningMode };
    if (replayWindowSec !== undefined) body.replayWindowSec = replayWindowSec;
    return {
      body,
      errors: {
        replayWindowSec:
          replayWindowSec !== undefined &&
          !(Number.isInteger(replayWindowSec) && replayWindowSec >= 30 && replayWindowSec <= 86_400) &&
          "Enter a whole number of seconds from 30 to 86400",
      },
    };
  }
  return { body: null, errors: {} };
}

/** Schedule, webhook or (when `allowNone`) nothing: the radio group that picks what fires the routine. */
export function TriggerKindPicker({
  name,
  value,
  onChange,
  allowNone,
}: {
  name: string;
  value: TriggerChoice;
  onChange: (kind: TriggerChoice) => void;
  allowNone: boolean;
}) {
  const choices: { id: TriggerChoice; label: string; hint: string }[] = [
    { id: "schedule", label: "Schedule", hint: "On a cron schedule" },
    { id: "webhook", label: "Webhook", hint: "When a signed call arrives" },
    ...(allowNone ? [{ id: "none" as const, label: "Manual only", hint: "Only when someone runs it" }] : []),
  ];
  return (
    <div role="radiogroup" aria-label="Trigger" className="grid gap-2 sm:grid-cols-3">
      {choices.map((choice) => (
        <label
          key={choice.id}
          className="flex cursor-pointer items-start gap-2 rounded-md border border-zinc-200 px-3 py-2 text-sm has-checked:border-blue-600 has-checked:bg-blue-50/60 has-focus-visible:outline-2 has-focus-visible:outline-blue-600 dark:border-zinc-700 dark:has-checked:border-blue-400 dark:has-checked:bg-blue-950/30"
        >
          <input
            type="radio"
            name={name}
            value={choice.id}
            checked={value === choice.id}
            onChange={() => onChange(choice.id)}
            className="mt-0.5 accent-blue-600"
          />
          <span>
            <span className="block font-medium text-zinc-900 dark:text-zinc-100">{choice.label}</span>
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">{choice.hint}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
