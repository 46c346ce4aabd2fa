import { useHydrated, useRenderNow } from "./clock";

const dateFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
// The server and the browser may sit in different time zones: before hydration ends, dates are written in UTC by both.
const utcDateFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const utcDateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const moneyFormat = new Intl.NumberFormat("en", { style: "currency", currency: "USD" });

/** A date in the browser's time zone; `utc` for text that the server renders too (see Time). */
export function formatDate(iso: string, utc = false): string {
  return (utc ? utcDateFormat : dateFormat).format(new Date(iso));
}

export function formatDateTime(iso: string, utc = false): string {
  return utc ? `${utcDateTimeFormat.format(new Date(iso))} UTC` : dateTimeFormat.format(new Date(iso));
}

/** An amount in cents as US dollars: "$12.50", "$1,234.00". */
export function formatCents(cents: number): string {
  return moneyFormat.format(cents / 100);
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function formatRelative(iso: string, now = Date.now(), utc = false): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 0) return formatDate(iso, utc);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} d ago`;
  return formatDate(iso, utc);
}

/**
 * A date cell: short text (the date, its date and time with `withTime`, or "5 min ago" with `relative`, kept current),
 * the full timestamp on hover; a dash for "never". Server render and hydration write the same text (against the
 * server's render time, in UTC), so a cold load never mismatches (React #418); the browser's clock and time zone take
 * over right after.
 */
export function Time({
  value,
  relative,
  withTime,
  empty = "—",
  className,
}: {
  value: string | null | undefined;
  relative?: boolean;
  withTime?: boolean;
  empty?: string;
  className?: string;
}) {
  if (!value) return <span className="text-zinc-400 dark:text-zinc-500">{empty}</span>;
  return relative ? <RelativeTime value={value} className={className} /> : <AbsoluteTime value={value} withTime={withTime} className={className} />;
}

function RelativeTime({ value, className }: { value: string; className?: string }) {
  const { now, hydrated } = useRenderNow();
  const utc = !hydrated;
  return (
    <time dateTime={value} title={formatDateTime(value, utc)} className={className ?? "whitespace-nowrap"}>
      {now === null ? formatDateTime(value, utc) : formatRelative(value, Math.max(now, Date.parse(value)), utc)}
    </time>
  );
}

// Absolute dates need no clock, only to know whether the browser's time zone may be used yet.
function AbsoluteTime({ value, withTime, className }: { value: string; withTime?: boolean; className?: string }) {
  const utc = !useHydrated();
  return (
    <time dateTime={value} title={formatDateTime(value, utc)} className={className ?? "whitespace-nowrap"}>
      {withTime ? formatDateTime(value, utc) : formatDate(value, utc)}
    </time>
  );
}
