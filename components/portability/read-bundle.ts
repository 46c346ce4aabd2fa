import type { ImportSource } from "@/lib/queries/portability";

/** A chosen bundle file, read in the browser: what to send, and what it says about itself for the form's defaults. */
export type ReadBundle = {
  fileName: string;
  sizeBytes: number;
  gzipped: boolean;
  source: ImportSource;
  /** What the file looks like before the server has a say; the preview's `format` is the word that counts. */
  format: "switchboard" | "paperclip" | "unknown";
  version: number | null;
  companyName: string | null;
  issuePrefix: string | null;
};

/** The problem with a file that is not a bundle at all, said before anything is uploaded. */
export class BundleFileError extends Error {}

export const BUNDLE_ACCEPT = ".json,.gz,application/json,application/gzip";

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Reads a .json or .json.gz file. A gzipped file is uploaded as its base64 bytes (a fraction of the JSON's size) and also
 * unpacked here, only to prefill the new company's name and prefix.
 */
export async function readBundleFile(file: File): Promise<ReadBundle> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const gzipped = isGzip(bytes);
  const text = gzipped ? await gunzipText(bytes) : new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BundleFileError(`${file.name} is not a JSON export: choose a .switchboard.json(.gz) file or a Paperclip export.`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new BundleFileError(`${file.name} holds JSON, but not an export: it should be one object.`);
  }
  return {
    fileName: file.name,
    sizeBytes: file.size,
    gzipped,
    source: gzipped ? { bundleGzipBase64: toBase64(bytes) } : { bundle: parsed },
    ...describeBundle(parsed as Record<string, unknown>),
  };
}

async function gunzipText(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  try {
    return await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  } catch {
    throw new BundleFileError("The file looks gzipped but could not be unpacked; it may be cut short.");
  }
}

/** Base64 in slices, since String.fromCharCode over a whole large file overflows the call stack. */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  return btoa(binary);
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
const record = (value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** Our bundle names itself `switchboard.company`; a Paperclip export carries a `manifest` with its company entry. */
export function describeBundle(bundle: Record<string, unknown>): Pick<ReadBundle, "format" | "version" | "companyName" | "issuePrefix"> {
  if (bundle.format === "switchboard.company") {
    const source = record(bundle.source);
    const company = record(bundle.company);
    return {
      format: "switchboard",
      version: typeof bundle.version === "number" ? bundle.version : null,
      companyName: text(source.name) ?? text(company.name),
      issuePrefix: text(source.issuePrefix) ?? text(company.issuePrefix),
    };
  }
  const manifest = record(bundle.manifest ?? bundle);
  if ("schemaVersion" in manifest || "includes" in manifest) {
    const company = record(manifest.company);
    const source = record(manifest.source);
    return {
      format: "paperclip",
      version: typeof manifest.schemaVersion === "number" ? manifest.schemaVersion : null,
      companyName: text(company.name) ?? text(source.companyName),
      issuePrefix: text(company.issuePrefix),
    };
  }
  return { format: "unknown", version: null, companyName: null, issuePrefix: null };
}
