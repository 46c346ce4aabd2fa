import "server-only";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db } from "../db/client";
import type { ExecutionWorkspace } from "../db/generated/client";
import { NotFound } from "../errors";

/** An execution workspace by id, within the companies the actor can see (404 otherwise). */
export async function findExecutionWorkspace(actor: Actor, id: string): Promise<ExecutionWorkspace> {
  const workspace = await db.executionWorkspace.findFirst({ where: { id, ...companyScope(actor) } });
  if (!workspace) throw new NotFound("Execution workspace");
  return workspace;
}
