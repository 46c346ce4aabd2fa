import "server-only";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { NotFound } from "../errors";
import { isUuid } from "../schemas/agents";

/** `:id` is a UUID or an identifier (ENG-12, any case), always within the companies the actor can see. */
export function issueWhere(actor: Actor, ref: string) {
  return { AND: [isUuid(ref) ? { id: ref } : { identifier: ref.toUpperCase() }, companyScope(actor)] };
}

export async function findIssue(actor: Actor, ref: string, client: Tx | typeof db = db) {
  const issue = await client.issue.findFirst({ where: issueWhere(actor, ref) });
  if (!issue) throw new NotFound("Issue");
  return issue;
}

/** Locks the row for the rest of the transaction, so concurrent writers to one issue go one at a time. */
export async function lockIssue(tx: Tx, actor: Actor, ref: string) {
  const issue = await findIssue(actor, ref, tx);
  await tx.$queryRaw`SELECT id FROM issues WHERE id = ${issue.id}::uuid FOR UPDATE`;
  return tx.issue.findUniqueOrThrow({ where: { id: issue.id } });
}
