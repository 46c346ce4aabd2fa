import "server-only";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { inputProblems } from "../api/input-hygiene";
import { Unprocessable, zodIssuesToInvalidParams, type InvalidParam } from "../errors";
import type { ImportCompanyBody } from "../schemas/portability";
import { BUNDLE_COLLECTIONS, BUNDLE_FORMAT, BUNDLE_VERSION, companyBundleSchema, type CompanyBundle } from "./bundle";
import { MAX_BUNDLE_BYTES } from "./export";
import { paperclipToBundle } from "./paperclip";

export type BundleFormat = "switchboard" | "paperclip";

export type DecodedBundle = { format: BundleFormat; bundle: CompanyBundle; sha256: string; warnings: string[] };

/** JSON with object keys sorted, so one bundle hashes the same however it was sent (plain, gzipped, reformatted). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function gunzipBundle(base64: string): unknown {
  try {
    const bytes = gunzipSync(Buffer.from(base64, "base64"), { maxOutputLength: MAX_BUNDLE_BYTES });
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw Unprocessable.field("bundleGzipBase64", "Not base64 of a gzipped JSON document within the size limit", "invalid_bundle");
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/**
 * The request's bundle in Switchboard's v1 shape, whichever of the accepted forms it came in, with the sha256 that
 * names it for idempotency (taken over what was sent, before any conversion).
 */
/**
 * What the schema cannot see: ids named twice, and values the target keeps unique (issue numbers, agent url keys,
 * label names, skill keys, one workflow per scope). Each names the later duplicate.
 */
function duplicateProblems(bundle: CompanyBundle): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const ids = new Set<string>();
  const unique = (collection: string, field: string, values: { value: string; index: number; path?: string }[]) => {
    const seen = new Set<string>();
    for (const { value, index, path } of values) {
      if (seen.has(value)) problems.push({ name: `bundle.${collection}.${index}.${path ?? field}`, reason: `Duplicate ${field} ${value}` });
      seen.add(value);
    }
  };
  const rows: { collection: string; index: number; id: string; path: string }[] = [];
  for (const collection of BUNDLE_COLLECTIONS) {
    if (collection === "members") continue;
    bundle[collection].forEach((row, index) => rows.push({ collection, index, id: row.id, path: "id" }));
  }
  bundle.documents.forEach((document, index) =>
    document.revisions.forEach((revision, at) => rows.push({ collection: "documents", index, id: revision.id, path: `revisions.${at}.id` })),
  );
  bundle.projects.forEach((project, index) =>
    project.workspaces.forEach((workspace, at) => rows.push({ collection: "projects", index, id: workspace.id, path: `workspaces.${at}.id` })),
  );
  bundle.approvals.forEach((approval, index) =>
    approval.comments.forEach((comment, at) => rows.push({ collection: "approvals", index, id: comment.id, path: `comments.${at}.id` })),
  );
  bundle.routines.forEach((routine, index) =>
    routine.triggers.forEach((trigger, at) => rows.push({ collection: "routines", index, id: trigger.id, path: `triggers.${at}.id` })),
  );
  for (const row of rows) {
    if (ids.has(row.id)) problems.push({ name: `bundle.${row.collection}.${row.index}.${row.path}`, reason: `Duplicate id ${row.id}` });
    ids.add(row.id);
  }
  unique(
    "issues",
    "number",
    bundle.issues.map((issue, index) => ({ value: String(issue.number), index })),
  );
  unique(
    "agents",
    "urlKey",
    bundle.agents.map((agent, index) => ({ value: agent.urlKey, index })),
  );
  unique(
    "labels",
    "name",
    bundle.labels.map((label, index) => ({ value: label.name, index })),
  );
  unique(
    "skills",
    "key",
    bundle.skills.map((skill, index) => ({ value: skill.key, index })),
  );
  unique(
    "workflows",
    "projectId",
    bundle.workflows.map((workflow, index) => ({ value: workflow.projectId ?? "company", index })),
  );
  return problems;
}

export function decodeImportSource(body: Pick<ImportCompanyBody, "bundle" | "bundleGzipBase64" | "source">): DecodedBundle {
  const given = [body.bundle, body.bundleGzipBase64, body.source].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw Unprocessable.field("bundle", "Send exactly one of bundle, bundleGzipBase64 or source", "invalid_bundle");
  }
  const raw: unknown = body.bundle ?? (body.bundleGzipBase64 !== undefined ? gunzipBundle(body.bundleGzipBase64) : body.source);
  if (!isRecord(raw)) throw Unprocessable.field("bundle", "Must be a JSON object", "invalid_bundle");
  // A request's own JSON passed the route's hygiene check; what was unpacked from it (gzip, Paperclip's files) has not.
  const hostile = inputProblems("bundle", raw);
  if (hostile.length) throw Unprocessable.fields(hostile.slice(0, 20), "invalid_bundle");
  const sha256 = createHash("sha256").update(canonicalJson(raw)).digest("hex");

  if (raw.format === BUNDLE_FORMAT) {
    if (raw.version !== BUNDLE_VERSION) {
      throw Unprocessable.field(
        "bundle.version",
        `Version ${JSON.stringify(raw.version)} is not one this server reads (it reads ${BUNDLE_VERSION})`,
        "unsupported_bundle_version",
      );
    }
    const parsed = companyBundleSchema.safeParse(raw);
    if (!parsed.success) throw Unprocessable.fields(zodIssuesToInvalidParams("bundle", parsed.error), "invalid_bundle");
    const duplicates = duplicateProblems(parsed.data);
    if (duplicates.length) throw Unprocessable.fields(duplicates, "invalid_bundle");
    return { format: "switchboard", bundle: parsed.data, sha256, warnings: [] };
  }
  if (isRecord(raw.files) || isRecord(raw.manifest)) {
    const { bundle: converted, warnings } = paperclipToBundle(raw);
    // Its files' text was base64 until now, and its values are held to the same schema as a bundle of ours.
    const decoded = inputProblems("bundle", converted);
    if (decoded.length) throw Unprocessable.fields(decoded.slice(0, 20), "invalid_bundle");
    const parsed = companyBundleSchema.safeParse(converted);
    if (!parsed.success) throw Unprocessable.fields(zodIssuesToInvalidParams("bundle", parsed.error), "invalid_bundle");
    const duplicates = duplicateProblems(parsed.data);
    if (duplicates.length) throw Unprocessable.fields(duplicates, "invalid_bundle");
    return { format: "paperclip", bundle: parsed.data, sha256, warnings };
  }
  throw Unprocessable.field("bundle.format", `Neither a ${BUNDLE_FORMAT} bundle nor a Paperclip export (manifest and files)`, "invalid_bundle");
}
