import "server-only";
import type { Actor } from "../auth/actor";
import { db, type Tx } from "../db/client";
import type { Issue } from "../db/generated/client";
import { requireCompanyReferences, type Reference } from "../db/references";
import { Unprocessable } from "../errors";
import { createIssueInTransaction } from "../issues/mutations";
import type { SuggestedTask, SuggestTasksPayload } from "../schemas/interactions";

type ParentIssue = Pick<Issue, "id" | "companyId" | "identifier" | "projectId" | "goalId">;

/** A created child as the result lists it (Paperclip's createdTasks entry). */
export type CreatedTask = {
  clientKey: string;
  issueId: string;
  identifier: string;
  title: string;
  parentIssueId: string;
  parentIdentifier: string | null;
};

/** Label names of the company, by name; a name the company does not have is a 422 naming where it was given. */
async function labelIdsByName(client: Tx | typeof db, companyId: string, tasks: readonly SuggestedTask[], fieldOf: (index: number) => string) {
  const names = [...new Set(tasks.flatMap((task) => task.labels ?? []))];
  if (names.length === 0) return new Map<string, string>();
  const labels = await client.label.findMany({ where: { companyId, name: { in: names } }, select: { id: true, name: true } });
  const byName = new Map(labels.map((label) => [label.name, label.id]));
  const missing = tasks.flatMap((task, index) =>
    (task.labels ?? []).filter((name) => !byName.has(name)).map((name) => ({ name: fieldOf(index), reason: `No label named "${name}" in this company` })),
  );
  if (missing.length) throw Unprocessable.fields(missing, "invalid_reference");
  return byName;
}

/** Every id and label name a suggestion names must be of the issue's company, checked when the card is created. */
export async function requireSuggestionReferences(companyId: string, payload: SuggestTasksPayload) {
  const field = (index: number, name: string) => `body.payload.tasks.${index}.${name}`;
  const references: Reference[] = [{ field: "body.payload.defaultParentId", model: "issue", ids: [payload.defaultParentId] }];
  payload.tasks.forEach((task, index) => {
    references.push(
      { field: field(index, "parentId"), model: "issue", ids: [task.parentId] },
      { field: field(index, "assigneeAgentId"), model: "agent", ids: [task.assigneeAgentId] },
      { field: field(index, "assigneeUserId"), model: "user", ids: [task.assigneeUserId] },
      { field: field(index, "projectId"), model: "project", ids: [task.projectId] },
      { field: field(index, "goalId"), model: "goal", ids: [task.goalId] },
    );
  });
  await requireCompanyReferences(companyId, references);
  await labelIdsByName(db, companyId, payload.tasks, (index) => field(index, "labels"));
}

/**
 * Creates the accepted tasks as child issues through the issue create path, inside the resolving transaction: each
 * lands under its suggested parent (a created sibling, parentId, defaultParentId, or the card's issue), in the card's
 * project and goal unless it names its own, as todo, created by whoever accepted.
 */
export async function createSuggestedTasks(
  tx: Tx,
  actor: Actor,
  runId: string | null,
  issue: ParentIssue,
  payload: SuggestTasksPayload,
  tasks: readonly SuggestedTask[],
): Promise<CreatedTask[]> {
  const labelIds = await labelIdsByName(tx, issue.companyId, tasks, (index) => `payload.tasks.${index}.labels`);
  const created = new Map<string, CreatedTask>();
  const parentIdentifiers = new Map([[issue.id, issue.identifier]]);
  for (const task of tasks) {
    const parentIssueId = task.parentClientKey ? created.get(task.parentClientKey)!.issueId : (task.parentId ?? payload.defaultParentId ?? issue.id);
    const child = await createIssueInTransaction(tx, actor, runId, issue.companyId, {
      title: task.title,
      description: task.description ?? null,
      status: "todo",
      priority: task.priority ?? "medium",
      workMode: task.workMode ?? undefined,
      assigneeAgentId: task.assigneeAgentId ?? null,
      assigneeUserId: task.assigneeUserId ?? null,
      parentId: parentIssueId,
      projectId: task.projectId ?? issue.projectId,
      goalId: task.goalId ?? issue.goalId,
      billingCode: task.billingCode ?? undefined,
      labelIds: (task.labels ?? []).map((name) => labelIds.get(name)!),
    });
    if (!parentIdentifiers.has(parentIssueId))
      parentIdentifiers.set(parentIssueId, (await tx.issue.findUnique({ where: { id: parentIssueId }, select: { identifier: true } }))?.identifier ?? "");
    parentIdentifiers.set(child.id, child.identifier);
    created.set(task.clientKey, {
      clientKey: task.clientKey,
      issueId: child.id,
      identifier: child.identifier,
      title: child.title,
      parentIssueId,
      parentIdentifier: parentIdentifiers.get(parentIssueId) || null,
    });
  }
  return [...created.values()];
}
