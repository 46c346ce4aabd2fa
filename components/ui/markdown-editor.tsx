"use client";

import { useId, useRef, useState } from "react";
import { cn } from "./cn";
import { FieldMessage, Textarea } from "./form";
import { Markdown } from "./markdown";

type Mode = "write" | "preview";
const MODES: { id: Mode; label: string }[] = [
  { id: "write", label: "Write" },
  { id: "preview", label: "Preview" },
];

/**
 * A markdown text box with Write / Preview tabs (the preview renders exactly what readers will see). ⌘/Ctrl+Enter
 * submits and Escape cancels from either tab; arrow keys move between the tabs.
 */
export function MarkdownEditor({
  value,
  onChange,
  label,
  placeholder,
  rows = 4,
  onSubmit,
  onCancel,
  error,
  hint,
  maxLength = 100_000,
  autoFocus = false,
  disabled = false,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  rows?: number;
  onSubmit?: () => void;
  onCancel?: () => void;
  error?: string;
  hint?: React.ReactNode;
  maxLength?: number;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const [mode, setMode] = useState<Mode>("write");
  const tabs = useRef<Record<Mode, HTMLButtonElement | null>>({ write: null, preview: null });
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;

  function choose(next: Mode, focusTab: boolean) {
    setMode(next);
    if (focusTab) tabs.current[next]?.focus();
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey) && onSubmit) {
      event.preventDefault();
      onSubmit();
    } else if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <div className="space-y-1" onKeyDown={onKeyDown}>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={`${id}-text`} id={`${id}-label`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
          {label}
        </label>
        <div role="tablist" aria-label="Write or preview" className="flex gap-1 rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
          {MODES.map((tab) => (
            <button
              key={tab.id}
              ref={(element) => void (tabs.current[tab.id] = element)}
              type="button"
              role="tab"
              id={`${id}-tab-${tab.id}`}
              aria-selected={mode === tab.id}
              aria-controls={`${id}-panel-${tab.id}`}
              tabIndex={mode === tab.id ? 0 : -1}
              onClick={() => choose(tab.id, false)}
              onKeyDown={(event) => {
                if (event.key === "ArrowRight" || event.key === "ArrowLeft") choose(tab.id === "write" ? "preview" : "write", true);
              }}
              className={cn(
                "rounded px-2 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400",
                mode === tab.id
                  ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100"
                  : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
              )}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`${id}-panel-write`} aria-labelledby={`${id}-tab-write`} hidden={mode !== "write"}>
        <Textarea
          id={`${id}-text`}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          rows={rows}
          maxLength={maxLength}
          placeholder={placeholder}
          autoFocus={autoFocus}
          disabled={disabled}
          className="font-mono text-[13px] leading-relaxed"
        />
      </div>
      {mode === "preview" ? (
        <div
          role="tabpanel"
          id={`${id}-panel-preview`}
          aria-labelledby={`${id}-tab-preview`}
          tabIndex={0}
          className="min-h-20 rounded-md border border-zinc-200 px-3 py-2 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-800"
        >
          {value.trim() ? <Markdown>{value}</Markdown> : <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing to preview.</p>}
        </div>
      ) : null}
      <FieldMessage id={id} error={error} hint={hint} alert />
    </div>
  );
}
