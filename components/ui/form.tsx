import { Button } from "./button";
import { humanize } from "./badge";
import { cn } from "./cn";

const control =
  "block rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 " +
  "focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/25 disabled:cursor-not-allowed disabled:opacity-60 " +
  "aria-[invalid=true]:border-red-500 aria-[invalid=true]:focus:ring-red-500/25 " +
  "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 dark:focus:border-blue-400 dark:focus:ring-blue-400/25";

/** Default width and height unless the caller sets its own (class order can't decide between two utilities). */
function sized(className: string | undefined, height: string | false) {
  return cn(!/(^|\s)w-/.test(className ?? "") && "w-full", height && !/(^|\s)h-/.test(className ?? "") && height, className);
}

export function Input({ className, ...props }: React.ComponentProps<"input">) {
  return <input className={cn(control, sized(className, "h-8"))} {...props} />;
}

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return <textarea className={cn(control, "min-h-20 py-1.5", sized(className, false))} {...props} />;
}

export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return <select className={cn(control, "pr-8", sized(className, "h-8"))} {...props} />;
}

export function Checkbox({ className, ...props }: Omit<React.ComponentProps<"input">, "type">) {
  return (
    <input
      type="checkbox"
      className={cn(
        "size-4 rounded border-zinc-300 accent-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:accent-zinc-100",
        className,
      )}
      {...props}
    />
  );
}

/** A labelled control with its hint or error; `id` ties the label and messages to the control. */
export function Field({
  id,
  label,
  hint,
  error,
  optional,
  children,
  className,
}: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  optional?: boolean;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
        {optional ? <span className="ml-1 font-normal text-zinc-400 dark:text-zinc-500">(optional)</span> : null}
      </label>
      {children}
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

/** A control's error or else its hint, with the ids `fieldProps` points aria-describedby at; `alert` announces the error. */
export function FieldMessage({ id, error, hint, alert = false }: { id: string; error?: string; hint?: React.ReactNode; alert?: boolean }) {
  return error ? (
    <p id={`${id}-error`} role={alert ? "alert" : undefined} className="text-xs text-red-600 dark:text-red-400">
      {error}
    </p>
  ) : hint ? (
    <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
      {hint}
    </p>
  ) : null;
}

/** One <option> per value of a fixed list, shown through `label`. */
export function Options<T extends string>({ values, label = humanize }: { values: readonly T[]; label?: (value: T) => string }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {label(value)}
    </option>
  ));
}

/** An optional link to another record: a "none" choice, then one <option> per record, by id. */
export function RecordOptions<T extends { id: string }>({ none, records, label }: { none: string; records: readonly T[]; label: (record: T) => string }) {
  return (
    <>
      <option value="">{none}</option>
      {records.map((record) => (
        <option key={record.id} value={record.id}>
          {label(record)}
        </option>
      ))}
    </>
  );
}

/** A submitted text field's value, trimmed. */
export function formText(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

/** Props that wire a control to its Field's label and error text. */
export function fieldProps(id: string, error: string | undefined, hint?: boolean) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
}

/** A form-level message, e.g. the problem `detail` of a failed submit. */
export function FormError({ children }: { children?: React.ReactNode }) {
  if (!children) return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300"
    >
      {children}
    </p>
  );
}

/** The footer of an edit-in-place form: "Saved." after a save, Reset back to what is stored, Save changes. */
export function SaveBar({ saved, dirty, pending, onReset }: { saved: boolean; dirty: boolean; pending: boolean; onReset: () => void }) {
  return (
    <div className="flex items-center justify-end gap-2">
      {saved && !dirty ? (
        <span role="status" className="mr-auto text-xs text-emerald-700 dark:text-emerald-400">
          Saved.
        </span>
      ) : null}
      <Button onClick={onReset} disabled={!dirty || pending}>
        Reset
      </Button>
      <Button type="submit" variant="primary" pending={pending}>
        Save changes
      </Button>
    </div>
  );
}
