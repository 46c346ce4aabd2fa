import { errorMessage, isApiError } from "@/lib/queries/client";

/**
 * Splits a failed submit into messages under the fields the form shows and one form-level message for the rest,
 * so no `invalid_params` entry is ever silently dropped. Entries under one of `handledPrefixes` (say `runtimeConfig`)
 * are shown elsewhere by the form, so they count as matched without being field errors.
 */
export function splitError(
  error: unknown,
  fields: readonly string[],
  handledPrefixes: readonly string[] = [],
): { fieldErrors: Record<string, string>; formError: string | null } {
  if (!error) return { fieldErrors: {}, formError: null };
  if (!isApiError(error)) return { fieldErrors: {}, formError: errorMessage(error) };
  const all = error.fieldErrors();
  const fieldErrors: Record<string, string> = {};
  let unmatched = false;
  for (const [name, reason] of Object.entries(all)) {
    if (fields.includes(name)) fieldErrors[name] = reason;
    else if (!handledPrefixes.some((prefix) => name.startsWith(prefix))) unmatched = true;
  }
  return { fieldErrors, formError: unmatched || Object.keys(all).length === 0 ? error.detail : null };
}
