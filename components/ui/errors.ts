import { errorMessage, isApiError } from "@/lib/queries/client";

/**
 * Splits a failed submit into messages under the fields the form shows and one form-level message for the rest,
 * so no `invalid_params` entry is ever silently dropped.
 */
export function splitError(error: unknown, fields: readonly string[]): { fieldErrors: Record<string, string>; formError: string | null } {
  if (!error) return { fieldErrors: {}, formError: null };
  if (!isApiError(error)) return { fieldErrors: {}, formError: errorMessage(error) };
  const all = error.fieldErrors();
  const fieldErrors: Record<string, string> = {};
  let unmatched = false;
  for (const [name, reason] of Object.entries(all)) {
    if (fields.includes(name)) fieldErrors[name] = reason;
    else unmatched = true;
  }
  return { fieldErrors, formError: unmatched || Object.keys(fieldErrors).length === 0 ? error.detail : null };
}
