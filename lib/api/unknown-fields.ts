import type { z } from "zod";

/** The response header naming the body fields a Paperclip-shared operation ignored. */
export const IGNORED_FIELDS_HEADER = "X-Switchboard-Ignored-Fields";

// Each pass removes the keys zod reported; a union branch chosen only once they are gone may report more of its own.
const MAX_PASSES = 8;
const MAX_NAMES_IN_HEADER = 50;
const MAX_NAME_LENGTH = 100;
const MAX_HEADER_LENGTH = 2_000;

/**
 * Parses `value` after dropping every key `schema` does not declare, wherever zod finds one: top level, nested
 * objects, array items, the chosen branch of a discriminated union. The handler then sees declared fields only, so an
 * extra field can never be written. Returns the parse and the dropped fields' dotted names (`runId`, `foo.bar`).
 * `value` itself is left as it was.
 */
export function parseDroppingUnknownFields<S extends z.ZodType>(schema: S, value: unknown): { result: z.ZodSafeParseResult<z.output<S>>; ignored: string[] } {
  const ignored: string[] = [];
  let copy = value;
  let result = schema.safeParse(copy);
  for (let pass = 0; pass < MAX_PASSES && !result.success; pass += 1) {
    const unknown = result.error.issues.filter((issue) => issue.code === "unrecognized_keys");
    if (!unknown.length) break;
    if (copy === value) copy = structuredClone(value);
    for (const issue of unknown) {
      const holder = issue.path.reduce<unknown>(
        (node, step) => (node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[step] : undefined),
        copy,
      );
      if (!holder || typeof holder !== "object") continue;
      for (const key of issue.keys) {
        delete (holder as Record<string, unknown>)[key];
        ignored.push([...issue.path, key].map(String).join("."));
      }
    }
    result = schema.safeParse(copy);
  }
  return { result, ignored: [...new Set(ignored)] };
}

/**
 * The header's value: names as sent, percent-encoded where they hold a comma, a control character or anything beyond
 * ASCII (a header carries neither safely), each cut to 100 characters, and no more than 50 names or 2,000 characters
 * in all, then how many more there were, so a body of long or many keys cannot swell the answer past what clients read.
 */
export function ignoredFieldsHeader(names: readonly string[]): string {
  const shown: string[] = [];
  let length = 0;
  for (const name of names) {
    // By code point, so a cut never splits a surrogate pair (encodeURIComponent refuses half of one).
    const points = Array.from(name);
    const cut = points.length > MAX_NAME_LENGTH ? `${points.slice(0, MAX_NAME_LENGTH).join("")}...` : name;
    const encoded = /^[\x21-\x2b\x2d-\x7e]+$/.test(cut) ? cut : encodeURIComponent(cut);
    if (shown.length === MAX_NAMES_IN_HEADER || length + encoded.length > MAX_HEADER_LENGTH) break;
    shown.push(encoded);
    length += encoded.length + 2;
  }
  const rest = names.length - shown.length;
  return [...shown, ...(rest ? [`... ${rest} more`] : [])].join(", ");
}
