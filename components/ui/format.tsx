const dateFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const moneyFormat = new Intl.NumberFormat("en", { style: "currency", currency: "USD" });

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** An amount in cents as US dollars: "$12.50", "$1,234.00". */
export function formatCents(cents: number): string {
  return moneyFormat.format(cents / 100);
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 0) return formatDate(iso);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} d ago`;
  return formatDate(iso);
}

/** A date cell: short text, the full timestamp on hover; a dash for "never". */
export function Time({ value, relative, empty = "—" }: { value: string | null | undefined; relative?: boolean; empty?: string }) {
  if (!value) return <span className="text-zinc-400 dark:text-zinc-500">{empty}</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)} className="whitespace-nowrap">
      {relative ? formatRelative(value) : formatDate(value)}
    </time>
  );
}
