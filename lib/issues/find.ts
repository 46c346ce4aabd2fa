import "server-only";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { sqlParameters, sqlRows } from "../db/sql";
import { NotFound } from "../errors";
import { isUuid } from "../schemas/agents";
import { ISSUE_COLUMNS, issueFromRow, type IssueRow } from "./rows";

/** The company filter of `companyScope()`, as SQL. */
function scopeSql(actor: Actor, bind: (value: unknown) => string): string {
  const { companyId } = companyScope(actor);
  if (companyId === undefined) return "true";
  return typeof companyId === "string" ? `company_id = ${bind(companyId)}::uuid` : `company_id = ANY(${bind(companyId.in)}::uuid[])`;
}

/** The statement that finds `:id` — a UUID or an identifier (ENG-12, any case) — within the companies the actor can see. */
function issueLookup(actor: Actor, ref: string) {
  const { params, bind } = sqlParameters();
  const match = isUuid(ref) ? `id = ${bind(ref)}::uuid` : `identifier = ${bind(ref.toUpperCase())}`;
  return { text: `SELECT ${ISSUE_COLUMNS} FROM issues WHERE ${match} AND ${scopeSql(actor, bind)}`, params };
}

function foundIssue(row: IssueRow | undefined) {
  if (!row) throw new NotFound("Issue");
  return issueFromRow(row);
}

/** Outside a transaction this is one plain-pool query (it runs on every issue request); inside one, the tx's. */
export async function findIssue(actor: Actor, ref: string, client: Tx | typeof db = db) {
  const { text, params } = issueLookup(actor, ref);
  return foundIssue((client === db ? await sqlRows<IssueRow>(text, params) : await client.$queryRawUnsafe<IssueRow[]>(text, ...params))[0]);
}

/** Finds and locks the row in one statement, so concurrent writers to one issue go one at a time. */
export async function lockIssue(tx: Tx, actor: Actor, ref: string) {
  const { text, params } = issueLookup(actor, ref);
  return foundIssue((await tx.$queryRawUnsafe<IssueRow[]>(`${text} FOR UPDATE`, ...params))[0]);
}
