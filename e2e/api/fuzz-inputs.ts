// What the fuzz spec sends: hostile values by input class, a valid-enough body synthesized from each operation's
// JSON schema (so one hostile field at a time reaches as deep as validation lets it), and the body encoder that can
// splice in JSON too deep for JSON.stringify and bytes that are not UTF-8.
import type { Schema } from "../support";

/** Bytes spliced verbatim into an encoded body. */
export class RawJson {
  constructor(readonly bytes: Buffer) {}
}
const raw = (text: string) => new RawJson(Buffer.from(text, "utf8"));

export const NIL_UUID = "00000000-0000-0000-0000-000000000000";
export const MAX_UUID = "ffffffff-ffff-ffff-ffff-ffffffffffff";
export const DEPTH = 5_000;
export const DEEP_ARRAY = raw("[".repeat(DEPTH) + "]".repeat(DEPTH));
export const DEEP_OBJECT = raw('{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH));
/** A lone high surrogate as JSON text, and the same code point as (invalid) UTF-8 bytes. */
const LONE_SURROGATE = "\ud800";
const INVALID_UTF8 = new RawJson(Buffer.from([0x22, 0x66, 0xff, 0xfe, 0xc0, 0xae, 0xed, 0xa0, 0x80, 0x22]));

/** One hostile value; `refused` when no schema may accept it, so anything but a 4xx is a failure. */
export type Hostile = { label: string; value: unknown; refused?: boolean };

/** What every field gets, nested ones included. */
const EVERY_FIELD: Hostile[] = [
  { label: "NUL", value: "fuzz\u0000fuzz", refused: true },
  { label: `${DEPTH} deep {}`, value: DEEP_OBJECT, refused: true },
  { label: "100 KB string", value: "x".repeat(100_000) },
];

/** What every top-level field gets besides. */
const EVERY_TOP_FIELD: Hostile[] = [
  { label: "NUL key", value: { "k\u0000": "v" }, refused: true },
  { label: `${DEPTH} deep []`, value: DEEP_ARRAY, refused: true },
  { label: "10,000 items", value: Array.from({ length: 10_000 }, (_, i) => i) },
  { label: "long key", value: { ["k".repeat(10_000)]: 1 } },
  { label: "__proto__", value: raw('{"__proto__":{"isInstanceAdmin":true,"polluted":true}}') },
  { label: "null", value: null },
];

const STRING_FIELD: Hostile[] = [
  { label: "number", value: 123 },
  { label: "lone surrogate", value: `a${LONE_SURROGATE}b`, refused: true },
  { label: "invalid UTF-8", value: INVALID_UTF8 },
  { label: "direction override", value: "\u202egnp.exe\u2066x\u2069" },
  { label: "empty", value: "" },
];

const NUMBER_FIELD: Hostile[] = [
  { label: "text", value: "ten" },
  { label: "int4 overflow", value: 2_147_483_648 },
  { label: "negative int4 overflow", value: -2_147_483_649 },
  { label: "fraction", value: 1.5 },
  { label: "beyond safe integers", value: raw("9007199254740993") },
  { label: "1e308", value: 1e308 },
  { label: "1e400", value: raw("1e400") },
  { label: "400 digits", value: raw("1" + "0".repeat(400)) },
];

const BOOLEAN_FIELD: Hostile[] = [
  { label: "text", value: "true" },
  { label: "zero", value: 0 },
];

const OBJECT_FIELD: Hostile[] = [
  { label: "text", value: "obj" },
  { label: "nested deep", value: { nested: DEEP_OBJECT }, refused: true },
  { label: "array", value: [] },
  { label: "NUL in nested value", value: { nested: { value: "\u0000" } }, refused: true },
  { label: "huge number inside", value: { n: 1e308, m: -2_147_483_649 } },
  { label: "10,000 keys", value: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) },
];

const ARRAY_FIELD: Hostile[] = [
  { label: "object", value: { a: 1 } },
  { label: "deep item", value: [DEEP_ARRAY], refused: true },
  { label: "nulls", value: [null, null] },
];

const UUID_FIELD: Hostile[] = [
  { label: "nil uuid", value: NIL_UUID },
  { label: "max uuid", value: MAX_UUID },
  { label: "not a uuid", value: "not-a-uuid" },
];

const DATE_FIELD: Hostile[] = [
  { label: "year 0", value: "0000-01-01T00:00:00Z" },
  { label: "year 9999", value: "9999-12-31T23:59:59.999Z" },
  { label: "expanded year", value: "+275760-09-13T00:00:00Z" },
  { label: "Feb 30", value: "2025-02-30T00:00:00Z" },
];

/** Fields inside other fields get the first few of each class: the same code judges them, so that is enough. */
const NESTED_SAMPLE = 2;

/**
 * The hostile values for one field, by its schema, plus a foreign company's id where the field holds ids. A nested
 * field gets a sample, since its parent's own probes already cover the classes every field shares.
 */
export function hostileValues(schema: Schema, foreignId: string | undefined, isList: boolean, nested = false): Hostile[] {
  const resolved = variant(schema);
  const byType: Record<string, Hostile[]> = { string: STRING_FIELD, integer: NUMBER_FIELD, number: NUMBER_FIELD, boolean: BOOLEAN_FIELD, array: ARRAY_FIELD };
  const sample = (values: Hostile[]) => (nested ? values.slice(0, NESTED_SAMPLE) : values);
  const values = [...EVERY_FIELD, ...(nested ? [] : EVERY_TOP_FIELD), ...sample(byType[resolved.type ?? "object"] ?? OBJECT_FIELD)];
  if (resolved.format === "uuid" || resolved.items?.format === "uuid") values.push(...sample(UUID_FIELD).map((h) => (isList ? { ...h, value: [h.value] } : h)));
  if (resolved.format === "date-time" || resolved.format === "date") values.push(...sample(DATE_FIELD));
  if (resolved.enum) values.push({ label: "unknown enum value", value: "not-in-enum" });
  // Whether a foreign id is refused, and how, is e2e/api/foreign-ids.spec.ts's matrix; here it must only not break.
  if (foreignId) values.push({ label: "foreign id", value: isList ? [foreignId] : foreignId });
  return values;
}

/** The variant a synthesized value follows: the first of a union that is not just null. */
export function variant(schema: Schema): Schema {
  const options = schema.oneOf ?? schema.anyOf;
  return options ? variant(options.find((option) => option.type !== "null") ?? options[0]) : schema;
}

/**
 * A value the schema is likely to accept: required properties only, the first enum value, the company's own ids for
 * id fields. Some refinements (patterns, cross-field rules) it cannot know; the spec overrides those bodies.
 */
export function example(schema: Schema, name: string, idFor: (field: string) => string | undefined): unknown {
  const resolved = variant(schema);
  if (resolved.enum) return resolved.enum[0];
  switch (resolved.type) {
    case "object":
      return Object.fromEntries((resolved.required ?? []).map((key) => [key, example(resolved.properties?.[key] ?? {}, key, idFor)]));
    case "array":
      return Array.from({ length: resolved.minItems ?? 0 }, () => example(resolved.items ?? {}, singular(name), idFor));
    case "string":
      if (resolved.format === "uuid") return idFor(name) ?? NIL_UUID;
      if (resolved.format === "date-time") return new Date().toISOString();
      if (resolved.format === "email") return "fuzz@example.com";
      if (resolved.format === "uri") return "https://example.com/fuzz";
      return "fuzz".padEnd(resolved.minLength ?? 0, "z");
    case "integer":
    case "number":
      return (resolved.minimum ?? 0) + (resolved.exclusiveMinimum || resolved.minimum === undefined ? 1 : 0);
    case "boolean":
      return false;
    default:
      return {};
  }
}

const singular = (name: string) => name.replace(/Ids$/, "Id");

/** A field reachable in a body: its path of keys and indexes, and its schema. */
export type Field = { path: (string | number)[]; schema: Schema; name: string };

/** Every property of an object schema, and those of nested objects and of the first item of arrays of objects. */
export function fields(schema: Schema, prefix: (string | number)[] = [], depth = 0): Field[] {
  const resolved = variant(schema);
  if (resolved.type === "array" && resolved.items && depth < 6) return fields(resolved.items, [...prefix, 0], depth + 1);
  if (resolved.type !== "object" || depth >= 6) return [];
  return Object.entries(resolved.properties ?? {}).flatMap(([name, child]) => [
    { path: [...prefix, name], schema: child, name },
    ...fields(child, [...prefix, name], depth + 1),
  ]);
}

/** A copy of `base` with `value` at `path`, building the containers on the way from the schema's examples. */
export function withValue(schema: Schema, base: unknown, path: (string | number)[], value: unknown, idFor: (field: string) => string | undefined): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const resolved = variant(schema);
  const child = typeof head === "number" ? (resolved.items ?? {}) : (resolved.properties?.[head] ?? {});
  if (typeof head === "number") {
    const list = Array.isArray(base) && base.length ? [...base] : [example(child, "item", idFor)];
    list[0] = withValue(child, list[0], rest, value, idFor);
    return list;
  }
  const record = base && typeof base === "object" && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  record[head] = withValue(child, record[head] ?? (rest.length ? example(child, head, idFor) : undefined), rest, value, idFor);
  return record;
}

/** JSON bytes for `value`, with every RawJson spliced in where it stands. */
export function encode(value: unknown): Buffer {
  const raws: RawJson[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof RawJson ? `\u0001raw${raws.push(item) - 1}\u0001` : item));
  const parts = text.split(/"\\u0001raw(\d+)\\u0001"/);
  return Buffer.concat(parts.map((part, index) => (index % 2 ? raws[Number(part)].bytes : Buffer.from(part, "utf8"))));
}
