"use client";

import { useId } from "react";
import { Checkbox, Textarea } from "@/components/ui/form";
import { isApiError } from "@/lib/queries/client";

/** The raw runtime JSON as the user typed it: a JSON object, or the reason it can't be saved. */
export function parseRuntimeJson(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Runtime JSON is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: 'Runtime JSON must be a JSON object, such as { "commands": [] }.' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The server's findings about the runtime JSON (`…workspaceRuntime.commands.0.kind: …`), one line each. */
export function runtimeErrorsFrom(error: unknown, prefix: string): string[] {
  if (!isApiError(error)) return [];
  return error.invalidParams
    .map((param) => ({ ...param, name: param.name.replace(/^(body|query|params)\./, "") }))
    .filter((param) => param.name.startsWith(prefix))
    .map((param) => `${param.name.slice(prefix.length).replace(/^\./, "") || "runtime config"}: ${param.reason}`);
}

const RUNTIME_JSON_HINT = 'Either { "commands": [{ "id", "name", "kind": "service" | "job", "command", "port"? }] } or the legacy { "services": [...] }.';

/**
 * "Advanced runtime JSON", collapsed on purpose: an optional inherit checkbox (execution workspaces) and the JSON
 * textarea, with its local and server errors listed under it.
 */
export function AdvancedRuntimeJson({
  inherit,
  onInheritChange,
  text,
  onTextChange,
  errors,
  disabled,
  defaultOpen,
}: {
  /** Undefined where there is nothing to inherit from (a project workspace). */
  inherit?: boolean;
  onInheritChange?: (inherit: boolean) => void;
  text: string;
  onTextChange: (text: string) => void;
  errors: string[];
  disabled?: boolean;
  defaultOpen?: boolean;
}) {
  const id = useId();
  const hasErrors = errors.length > 0;
  return (
    <details className="group rounded-md border border-zinc-200 dark:border-zinc-800" open={defaultOpen || hasErrors || undefined}>
      <summary className="cursor-pointer rounded-md px-3 py-2 text-sm font-medium text-zinc-800 select-none focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-200">
        Advanced runtime JSON
      </summary>
      <div className="space-y-3 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        {inherit !== undefined ? (
          <label className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
            <Checkbox checked={inherit} disabled={disabled} onChange={(event) => onInheritChange?.(event.target.checked)} />
            Inherit project workspace runtime config
          </label>
        ) : null}
        <div className="space-y-1">
          <label htmlFor={`${id}-json`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Runtime config JSON
          </label>
          <Textarea
            id={`${id}-json`}
            aria-invalid={hasErrors || undefined}
            aria-describedby={hasErrors ? `${id}-errors` : `${id}-hint`}
            value={text}
            onChange={(event) => onTextChange(event.target.value)}
            disabled={disabled || inherit === true}
            rows={10}
            spellCheck={false}
            className="font-mono text-xs"
          />
          {hasErrors ? (
            <ul id={`${id}-errors`} role="alert" className="list-disc space-y-0.5 pl-5 text-xs text-red-600 dark:text-red-400">
              {errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          ) : (
            <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
              {inherit ? "Inheriting: uncheck the box above to override the project workspace's config for this workspace only." : RUNTIME_JSON_HINT}
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
