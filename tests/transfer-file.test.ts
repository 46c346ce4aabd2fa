import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BundleFileError, describeBundle, readBundleFile } from "@/components/portability/read-bundle";
import { exportFileName } from "@/lib/queries/portability";

const switchboardBundle = {
  format: "switchboard.company",
  version: 1,
  exportedAt: "2026-12-04T10:00:00.000Z",
  source: { companyId: "6f0c1f8e-5b8a-4c55-9d39-2b1f0e0f7a11", name: "Acme Works", issuePrefix: "ACME" },
  company: { name: "Acme Works (company row)", issuePrefix: "ACME" },
};

const paperclipExport = {
  rootPath: "acme",
  manifest: {
    schemaVersion: 3,
    generatedAt: "2026-12-01T00:00:00.000Z",
    source: { companyId: "x", companyName: "Acme on Paperclip" },
    includes: {},
    company: null,
  },
  files: { "COMPANY.md": "# Acme" },
  warnings: [],
};

describe("the import panel's file reading (components/portability/read-bundle.ts)", () => {
  it("sends a plain .json as the parsed bundle and reads the name and prefix from its source", async () => {
    const read = await readBundleFile(new File([JSON.stringify(switchboardBundle)], "ACME-2026-12-04.switchboard.json"));
    expect(read).toMatchObject({ gzipped: false, format: "switchboard", version: 1, companyName: "Acme Works", issuePrefix: "ACME" });
    expect(read.source).toEqual({ bundle: switchboardBundle });
  });

  it("sends a gzipped file as its own bytes in base64, whatever the file is called, and still prefills from its content", async () => {
    const gzipped = gzipSync(JSON.stringify(switchboardBundle));
    const read = await readBundleFile(new File([gzipped], "backup.bin"));
    expect(read).toMatchObject({ gzipped: true, format: "switchboard", companyName: "Acme Works", issuePrefix: "ACME" });
    expect("bundleGzipBase64" in read.source && Buffer.from(read.source.bundleGzipBase64, "base64").equals(gzipped)).toBe(true);
  });

  it("recognises Paperclip's export (manifest + files) and takes the company name from its manifest", async () => {
    const read = await readBundleFile(new File([JSON.stringify(paperclipExport)], "acme-paperclip.json"));
    expect(read).toMatchObject({ format: "paperclip", version: 3, companyName: "Acme on Paperclip", issuePrefix: null });
    expect(read.source).toEqual({ bundle: paperclipExport });
  });

  it("refuses what is not an export before anything is uploaded: text, a JSON array, a truncated gzip", async () => {
    await expect(readBundleFile(new File(["not json"], "notes.json"))).rejects.toThrow(BundleFileError);
    await expect(readBundleFile(new File(["[1,2]"], "list.json"))).rejects.toThrow("not an export");
    const truncated = gzipSync(JSON.stringify(switchboardBundle)).subarray(0, 20);
    await expect(readBundleFile(new File([truncated], "cut.json.gz"))).rejects.toThrow(BundleFileError);
  });

  it("leaves unknown JSON objects to the server: no format, no defaults", () => {
    expect(describeBundle({ hello: "world" })).toEqual({ format: "unknown", version: null, companyName: null, issuePrefix: null });
  });
});

describe("exportFileName", () => {
  it("is <prefix>-<yyyy-mm-dd>.switchboard.json, with .gz when compressed, in the local calendar", () => {
    const at = new Date(2026, 0, 5, 23, 59);
    expect(exportFileName("ACME", false, at)).toBe("ACME-2026-01-05.switchboard.json");
    expect(exportFileName("ACME", true, at)).toBe("ACME-2026-01-05.switchboard.json.gz");
  });
});
