import "server-only";
import { Unprocessable, type InvalidParam } from "../errors";
import { db, type Tx } from "./client";

type ReferenceModel =
  "agent" | "goal" | "project" | "user" | "issue" | "label" | "executionWorkspace" | "environment" | "comment" | "projectWorkspace" | "heartbeatRun";
export type Reference = { field: string; model: ReferenceModel; ids: readonly (string | null | undefined)[] };

const select = { id: true } as const;
type Client = Tx | typeof db;
const LOOKUPS: Record<ReferenceModel, (client: Client, companyId: string, ids: string[]) => Promise<{ id: string }[]>> = {
  agent: (client, companyId, ids) => client.agent.findMany({ where: { companyId, id: { in: ids } }, select }),
  goal: (client, companyId, ids) => client.goal.findMany({ where: { companyId, id: { in: ids } }, select }),
  project: (client, companyId, ids) => client.project.findMany({ where: { companyId, id: { in: ids } }, select }),
  issue: (client, companyId, ids) => client.issue.findMany({ where: { companyId, id: { in: ids } }, select }),
  label: (client, companyId, ids) => client.label.findMany({ where: { companyId, id: { in: ids } }, select }),
  executionWorkspace: (client, companyId, ids) => client.executionWorkspace.findMany({ where: { companyId, id: { in: ids } }, select }),
  comment: (client, companyId, ids) => client.issueComment.findMany({ where: { companyId, id: { in: ids } }, select }),
  projectWorkspace: (client, companyId, ids) => client.projectWorkspace.findMany({ where: { companyId, id: { in: ids } }, select }),
  heartbeatRun: (client, companyId, ids) => client.heartbeatRun.findMany({ where: { companyId, id: { in: ids } }, select }),
  // Only active environments may be chosen; an archived one reads as missing.
  environment: (client, companyId, ids) => client.environment.findMany({ where: { companyId, id: { in: ids }, status: "active" }, select }),
  // Board users belong to a company through their membership.
  user: async (client, companyId, ids) =>
    (await client.companyMembership.findMany({ where: { companyId, userId: { in: ids } }, select: { userId: true } })).map((m) => ({ id: m.userId })),
};

/**
 * Every id a request points at must belong to the same company; all misses are reported together as 422,
 * which also keeps other companies' ids from being probed. Inside a transaction, pass its client.
 */
export async function requireCompanyReferences(companyId: string, references: Reference[], client: Client = db): Promise<void> {
  const invalid: InvalidParam[] = [];
  for (const reference of references) {
    const ids = [...new Set(reference.ids.filter((id): id is string => typeof id === "string"))];
    if (ids.length === 0) continue;
    const found = new Set((await LOOKUPS[reference.model](client, companyId, ids)).map((row) => row.id));
    for (const id of ids) if (!found.has(id)) invalid.push({ name: reference.field, reason: `No ${reference.model} ${id} in this company` });
  }
  if (invalid.length) throw Unprocessable.fields(invalid, "invalid_reference");
}
