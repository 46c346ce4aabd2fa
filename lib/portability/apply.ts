import "server-only";
import { randomUUID } from "node:crypto";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import { isRefusedValue } from "../db/errors";
import { Unprocessable } from "../errors";
import { publishEvent } from "../events/publish";
import type { ImportCompanyBody } from "../schemas/portability";
import { bundleCounts, zeroCounts, type BundleCounts, type CompanyBundle } from "./bundle";
import { IdMap } from "./id-map";
import { planImport, requireImportAccess, type ImportConflict, type ImportPlan } from "./plan";
import { decodeImportSource, type BundleFormat } from "./source";
import { writeSetup } from "./write-setup";
import { writeWork, type WebhookSecret } from "./write-work";

// Applying a bundle: one transaction that gives every row a new id and rewrites every reference (columns and ids
// inside JSON) through one map, keeps issue numbers, createdAt and updatedAt, and records the import so the same
// bundle applied again to the same target creates nothing. An advisory lock on the bundle's hash makes two concurrent
// applies of one bundle take turns, so the second finds the first's record.

const TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;

export type ImportPreview = {
  format: BundleFormat;
  target: { mode: ImportPlan["mode"]; companyId: string | null; name: string; issuePrefix: string };
  plan: { create: BundleCounts; existing: BundleCounts; conflicts: ImportConflict[]; alreadyImported: boolean };
  warnings: string[];
};

export type ImportResult = {
  companyId: string;
  importId: string;
  format: BundleFormat;
  created: BundleCounts;
  skipped: BundleCounts;
  webhookSecrets: WebhookSecret[];
  warnings: string[];
};

async function earlierImport(reader: Pick<Tx, "companyImport">, companyId: string, mode: ImportPlan["mode"], sha256: string) {
  return mode === "existing_company"
    ? reader.companyImport.findUnique({ where: { targetCompanyId_bundleSha256: { targetCompanyId: companyId, bundleSha256: sha256 } } })
    : reader.companyImport.findFirst({ where: { bundleSha256: sha256, mode: "new_company" }, orderBy: { createdAt: "asc" } });
}

export async function previewImport(actor: Actor, companyId: string, body: ImportCompanyBody): Promise<ImportPreview> {
  requireImportAccess(actor, companyId, body.target);
  const decoded = decodeImportSource(body);
  const plan = await planImport(db, companyId, body.target, decoded, importerOf(actor));
  const earlier = await earlierImport(db, companyId, body.target.mode, decoded.sha256);
  return {
    format: decoded.format,
    target: { mode: plan.mode, companyId: earlier?.targetCompanyId ?? plan.companyId, name: plan.name, issuePrefix: plan.issuePrefix },
    plan: { create: earlier ? zeroCounts() : plan.create, existing: plan.existing, conflicts: plan.conflicts, alreadyImported: !!earlier },
    warnings: plan.warnings,
  };
}

const importerOf = (actor: Actor) => ({
  userId: actor.type === "board" ? actor.userId : null,
  isInstanceAdmin: actor.type === "board" && actor.isInstanceAdmin,
});

export async function applyImport(actor: Actor, runId: string | null, companyId: string, body: ImportCompanyBody): Promise<ImportResult> {
  requireImportAccess(actor, companyId, body.target);
  const decoded = decodeImportSource(body);
  return db
    .$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`company-import:${decoded.sha256}`}, 0))`;
        // The company row is what every issue create locks for its number: holding it, the numbers planned below stay free.
        if (body.target.mode === "existing_company") await tx.$executeRaw`SELECT id FROM companies WHERE id = ${companyId}::uuid FOR UPDATE`;
        const earlier = await earlierImport(tx, companyId, body.target.mode, decoded.sha256);
        if (earlier) {
          return {
            companyId: earlier.targetCompanyId,
            importId: earlier.id,
            format: decoded.format,
            created: zeroCounts(),
            skipped: bundleCounts(decoded.bundle),
            webhookSecrets: [],
            warnings: ["This bundle was already imported here; nothing was created"],
          };
        }
        const plan = await planImport(tx, companyId, body.target, decoded, importerOf(actor));
        return writeImport(tx, actor, runId, decoded.bundle, plan, decoded);
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
    )
    .catch((error: unknown) => {
      // What the bundle's schema could not catch, the database does; the transaction rolled back, so nothing was written.
      if (isRefusedValue(error)) {
        throw Unprocessable.field(
          "bundle",
          "The database refused a value in the bundle (a duplicate, an out-of-range number or date, or text it cannot store); nothing was imported",
          "invalid_bundle",
        );
      }
      throw error;
    });
}

async function writeImport(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  bundle: CompanyBundle,
  plan: ImportPlan,
  decoded: { format: BundleFormat; sha256: string },
): Promise<ImportResult> {
  const ids = new IdMap([...plan.reuse, ...plan.users], plan.reuse);
  ids.assignFresh(bundle);
  const companyId = plan.companyId ?? randomUUID();
  ids.set(bundle.source.companyId, companyId);
  const actorUserId = actor.type === "board" ? actor.userId : null;
  const context = { tx, bundle, plan, ids, companyId, actorUserId, created: zeroCounts(), now: new Date(), warnings: [...plan.warnings] };
  await writeSetup(context);
  const webhookSecrets = await writeWork(context);
  const { created, warnings } = context;

  const skipped = zeroCounts();
  const totals = bundleCounts(bundle);
  for (const key of Object.keys(skipped) as (keyof BundleCounts)[]) skipped[key] = Math.max(0, totals[key] - created[key]);
  const record = await tx.companyImport.create({
    data: {
      targetCompanyId: companyId,
      sourceCompanyId: bundle.source.companyId,
      bundleSha256: decoded.sha256,
      format: decoded.format,
      mode: plan.mode,
      idMap: ids.toJson(),
      created,
      skipped,
      warnings,
      createdByUserId: actorUserId,
    },
  });
  await recordActivity(tx, actor, runId, {
    companyId,
    action: "company.imported",
    entityType: "company",
    entityId: companyId,
    details: { importId: record.id, format: decoded.format, mode: plan.mode, sourceCompanyId: bundle.source.companyId, created },
  });
  await publishEvent(tx, { companyId, type: "company.imported", entityType: "company", entityId: companyId });
  return { companyId, importId: record.id, format: decoded.format, created, skipped, webhookSecrets, warnings };
}
