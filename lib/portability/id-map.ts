import { randomUUID } from "node:crypto";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { BundleCounts, CompanyBundle } from "./bundle";
import type { ImportPlan } from "./plan";

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Source id → target id for one import: reused rows and users come from the plan, every other row gets a fresh uuid.
 * Every reference the import writes goes through it — columns, strings inside JSON, uuids inside workflow text — so
 * no source id reaches the target, except ids the map does not know (kept as they were in JSON, null in columns).
 */
export class IdMap {
  private readonly ids: Map<string, string>;

  constructor(
    initial: Iterable<[string, string]>,
    private readonly reused: ReadonlyMap<string, string>,
  ) {
    this.ids = new Map(initial);
  }

  set(sourceId: string, targetId: string) {
    this.ids.set(sourceId, targetId);
  }

  /** A new id for every row the import creates, before any is written, so references resolve in any order. */
  assignFresh(bundle: CompanyBundle) {
    const fresh = (sourceId: string) => this.ids.set(sourceId, randomUUID());
    const collections = ["skills", "agents", "goals", "projects", "labels", "workflows", "issues", "comments", "documents", "attachments"] as const;
    for (const collection of [...collections, "interactions", "approvals", "executionDecisions", "routines"] as const) {
      for (const row of bundle[collection]) if (this.isNew(row.id)) fresh(row.id);
    }
    for (const document of bundle.documents) for (const revision of document.revisions) fresh(revision.id);
    for (const project of bundle.projects) for (const workspace of project.workspaces) if (this.isNew(project.id)) fresh(workspace.id);
    for (const approval of bundle.approvals) for (const comment of approval.comments) fresh(comment.id);
    for (const routine of bundle.routines) for (const trigger of routine.triggers) fresh(trigger.id);
  }

  /** Whether the import creates this row (rather than mapping it onto one the target has). */
  isNew = (sourceId: string) => !this.reused.has(sourceId);

  ref = (sourceId: string | null | undefined): string | null => (sourceId ? (this.ids.get(sourceId) ?? null) : null);

  json = (value: unknown): Prisma.InputJsonValue => this.remap(value) as Prisma.InputJsonValue;

  /** A nullable JSON column: undefined leaves it NULL. */
  nullableJson = (value: unknown): Prisma.InputJsonValue | undefined => (value === null || value === undefined ? undefined : this.json(value));

  text = (value: string): string => value.replace(UUID_IN_TEXT, (found) => this.ids.get(found.toLowerCase()) ?? found);

  toJson(): Record<string, string> {
    return Object.fromEntries(this.ids);
  }

  private remap(value: unknown): unknown {
    if (typeof value === "string") return this.ids.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item) => this.remap(item));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.remap(child)]));
    return value;
  }
}

export type WriteContext = {
  tx: Tx;
  bundle: CompanyBundle;
  plan: ImportPlan;
  ids: IdMap;
  companyId: string;
  actorUserId: string | null;
  created: BundleCounts;
  now: Date;
  warnings: string[];
};

export const dateOrNull = (value: string | null) => (value ? new Date(value) : null);

/** Parents before children, so a row's parent already exists when it is inserted. */
export function parentsFirst<T extends { id: string }>(rows: T[], parentOf: (row: T) => string | null): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (row: T, depth: number) => {
    if (placed.has(row.id)) return;
    const parent = parentOf(row);
    placed.add(row.id);
    if (parent && byId.has(parent) && depth < rows.length) place(byId.get(parent)!, depth + 1);
    out.push(row);
  };
  for (const row of rows) place(row, 0);
  return out;
}

/** The largest number, or 0; a loop, since spreading a large company's issue numbers into Math.max overflows the stack. */
export function highest(numbers: Iterable<number>): number {
  let top = 0;
  for (const value of numbers) if (value > top) top = value;
  return top;
}
