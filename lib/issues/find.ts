import "server-only";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { sqlParameters, sqlRows } from "../db/sql";
import { NotFound } from "../errors";
import { isUuid } from "../schemas/agents";
import { ISSUE_COLUMNS, issueFromRow, type IssueRow } from "./rows";

/** `:id` is a UUID or an identifier (ENG-12, any case), always within the companies the actor can see. */
export function issueWhere(actor: Actor, ref: string) {
  return { AND: [isUuid(ref) ? { id: ref } : { identifier: ref.toUpperCase() }, companyScope(actor)] };
}

/** The company filter of `companyScope()`, as SQL for the plain pool. */
function scopeSql(actor: Actor, bind: (value: unknown) => string): string {
  const { companyId } = companyScope(actor);
  if (companyId === undefined) return "true";
  return typeof companyId === "string" ? `company_id = ${bind(companyId)}::uuid` : `company_id = ANY(${bind(companyId.in)}::uuid[])`;
}

/** Outside a transaction this is one plain-pool query (it runs on every issue request); inside one, the tx's. */
export async function findIssue(actor: Actor, ref: string, client: Tx | typeof db = db) {
  if (client !== db) {
    const issue = await client.issue.findFirst({ where: issueWhere(actor, ref) });
    if (!issue) throw new NotFound("Issue");
    return issue;
  }
  const { params, bind } = sqlParameters();
  const match = isUuid(ref) ? `id = ${bind(ref)}::uuid` : `identifier = ${bind(ref.toUpperCase())}`;
  const [row] = await sqlRows<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE ${match} AND ${scopeSql(actor, bind)}`, params);
  if (!row) throw new NotFound("Issue");
  return issueFromRow(row);
}

/** Locks the row for the rest of the transaction, so concurrent writers to one issue go one at a time. */
export async function lockIssue(tx: Tx, actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref, tx);
  await tx.$queryRaw`SELECT id FROM issues WHERE id = ${issue.id}::uuid FOR UPDATE`;
  return tx.issue.findUniqueOrThrow({ where: { id: issue.id } });
}
