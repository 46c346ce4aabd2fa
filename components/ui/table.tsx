import { cn } from "./cn";
import { EmptyState, type ListQueryState, QueryList } from "./states";

export function Table({ className, children, label }: { className?: string; children: React.ReactNode; label?: string }) {
  return (
    <div className={cn("overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800", className)}>
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
  row: (item: T) => React.ReactNode;
}) {
  return (
    <QueryList query={query} what={what} rows={rows} empty={<EmptyState {...empty} />}>
      {(items) => (
        <Table label={label}>
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
