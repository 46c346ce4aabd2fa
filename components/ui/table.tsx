import { cn } from "./cn";
import { EmptyState, type ListQueryState, QueryList } from "./states";

// Under 768px a `cards` table shows each row as a card: its first cell (the record's name) on a line of its own, the
// other cells as a wrapping line of facts under it; the column headers stay for screen readers only.
const CARDS = cn(
  "max-md:[&_thead]:sr-only max-md:[&_tbody]:block max-md:[&_tbody_tr]:flex max-md:[&_tbody_tr]:flex-wrap max-md:[&_tbody_tr]:items-center",
  "max-md:[&_tbody_tr]:gap-x-3 max-md:[&_tbody_tr]:gap-y-1 max-md:[&_tbody_tr]:px-3 max-md:[&_tbody_tr]:py-2.5",
  "max-md:[&_tbody_td]:block max-md:[&_tbody_td]:max-w-full max-md:[&_tbody_td]:p-0 max-md:[&_tbody_td]:text-left max-md:[&_tbody_td]:text-xs",
  "max-md:[&_tbody_td:first-child]:w-full max-md:[&_tbody_td:first-child]:text-sm max-md:[&_tbody_td:empty]:hidden",
);

/**
 * A bordered table. Wide tables scroll sideways inside their border on a phone; lists of records pass `cards` to turn
 * into one card per row under 768px instead (see CARDS).
 */
export function Table({ className, children, label, cards = false }: { className?: string; children: React.ReactNode; label?: string; cards?: boolean }) {
  return (
    // `relative` makes the scroll box the containing block of screen-reader-only (absolute) cells, which would otherwise
    // stick out of it and widen the whole page on a phone.
    <div className={cn("relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800", cards && CARDS, className)}>
      <table aria-label={label} className="w-full border-collapse text-sm">
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className, children }: { className?: string; children?: React.ReactNode }) {
  return (
    <th scope="col" className={cn("border-b border-zinc-200 px-3 py-2 font-medium whitespace-nowrap dark:border-zinc-800", className)}>
      {children}
    </th>
  );
}

/** The header of a row-actions column: named for screen readers, blank on screen. */
export function ActionsTh() {
  return (
    <Th>
      <span className="sr-only">Actions</span>
    </Th>
  );
}

export function TBody({ children }: { children: React.ReactNode }) {
  return <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/80">{children}</tbody>;
}

export function Tr({ className, children, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr className={cn("transition-colors hover:bg-zinc-50/70 dark:hover:bg-zinc-900/50", className)} {...props}>
      {children}
    </tr>
  );
}

export function Td({ className, children, colSpan }: { className?: string; children?: React.ReactNode; colSpan?: number }) {
  return (
    <td colSpan={colSpan} className={cn("px-3 py-2 align-middle text-zinc-700 dark:text-zinc-300", className)}>
      {children}
    </td>
  );
}

/**
 * A list query as a table: QueryList's loading, error and empty states, then a header of `columns` (with a blank
 * row-actions column when `actions`) over one `row` per record; `row` returns the keyed `Tr`.
 */
export function QueryTable<T>({
  query,
  what,
  rows,
  empty,
  label,
  columns,
  actions = false,
  cards = false,
  row,
}: {
  query: ListQueryState<T>;
  /** What the list holds, in the plural, for its loading and error text. */
  what: string;
  /** Placeholder rows while loading. */
  rows?: number;
  empty: React.ComponentProps<typeof EmptyState>;
  label: string;
  columns: readonly string[];
  actions?: boolean;
  /** One card per row under 768px (see Table). */
  cards?: boolean;
  row: (item: T) => React.ReactNode;
}) {
  return (
    <QueryList query={query} what={what} rows={rows} empty={<EmptyState {...empty} />}>
      {(items) => (
        <Table label={label} cards={cards}>
          <THead>
            {columns.map((column) => (
              <Th key={column}>{column}</Th>
            ))}
            {actions ? <ActionsTh /> : null}
          </THead>
          <TBody>{items.map(row)}</TBody>
        </Table>
      )}
    </QueryList>
  );
}
