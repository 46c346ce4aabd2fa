import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { companyScope, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { withAdvisoryLock } from "../db/sql";
import { NotFound, Unprocessable } from "../errors";
import { stillBlocking } from "../issues/blockers";
import { wakeReadyDependants } from "../issues/dependants";
import { parseWorkflow, type Workflow, type WorkflowProblem } from "./parse";
import { blockingIn, currentState } from "./rules";

/** The workflow every company starts with: Paperclip's lifecycle, shipped as workflows/default.yaml. */
export const DEFAULT_WORKFLOW_SOURCE = readFileSync(path.join(process.cwd(), "workflows", "default.yaml"), "utf8");

const parsedBySource = new Map<string, Workflow>();

function compiled(source: string): Workflow {
  let workflow = parsedBySource.get(source);
  if (!workflow) {
    const result = parseWorkflow(source);
    // Stored documents were validated on save; a default that fails to parse is a bug worth failing loudly for.
    if (!result.workflow) throw new Error(`Stored workflow does not parse: ${result.problems.map((p) => `${p.path} ${p.message}`).join("; ")}`);
    workflow = result.workflow;
    if (parsedBySource.size > 200) parsedBySource.clear();
    parsedBySource.set(source, workflow);
  }
  return workflow;
}

export type WorkflowScope = { companyId: string; projectId: string | null };

/** The document in force: the project's own, else the company's, else the default. */
export async function workflowSource(scope: WorkflowScope, client: Tx | typeof db = db) {
  const own = await client.workflow.findFirst({ where: { companyId: scope.companyId, projectId: scope.projectId } });
  const inherited = scope.projectId && !own ? await client.workflow.findFirst({ where: { companyId: scope.companyId, projectId: null } }) : null;
  const origin = own ? (scope.projectId ? "project" : "company") : inherited ? "company" : "default";
  return { source: (own ?? inherited)?.source ?? DEFAULT_WORKFLOW_SOURCE, origin, row: own };
}

export async function workflowFor(scope: WorkflowScope, client: Tx | typeof db = db): Promise<Workflow> {
  return compiled((await workflowSource(scope, client)).source);
}

const CACHE_MS = 2_000;
const recent = new Map<string, { workflow: Workflow; at: number }>();

/**
 * For the checkout hot path: the workflow in force, remembered for two seconds. A save on this instance forgets it at
 * once; other instances see a new workflow within those two seconds.
 */
export async function cachedWorkflowFor(scope: WorkflowScope): Promise<Workflow> {
  const key = `${scope.companyId}:${scope.projectId ?? ""}`;
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.workflow;
  const workflow = await workflowFor(scope);
  if (recent.size > 5_000) recent.clear();
  recent.set(key, { workflow, at: Date.now() });
  return workflow;
}

async function resolveScope(actor: Actor, target: { companyId: string } | { projectId: string }): Promise<WorkflowScope> {
  if ("companyId" in target) return { companyId: target.companyId, projectId: null };
  const project = await db.project.findFirst({ where: { id: target.projectId, ...companyScope(actor) }, select: { id: true, companyId: true } });
  if (!project) throw new NotFound("Project");
  return { companyId: project.companyId, projectId: project.id };
}

export async function getWorkflow(actor: Actor, target: { companyId: string } | { projectId: string }) {
  const scope = await resolveScope(actor, target);
  requireCompanyAccess(actor, scope.companyId, "read");
  const { source, origin, row } = await workflowSource(scope);
  return { ...scope, origin, source, updatedAt: row?.updatedAt.toISOString() ?? null, workflow: compiled(source) };
}

/** A dry run: the problems (each with YAML path and line) or the parsed summary, always 200. */
export function validateWorkflowSource(source: string) {
  const result = parseWorkflow(source);
  return result.workflow
    ? { valid: true as const, problems: [] as WorkflowProblem[], workflow: result.workflow }
    : { valid: false as const, problems: result.problems, workflow: null };
}

/**
 * The per-company workflow mutex taken by saves, project deletes and the boot backfill. An advisory lock rather than
 * the company row, whose FOR UPDATE would conflict with the key-share lock every foreign-key insert (activity, costs,
 * issues) and the spend update take on it, and so deadlock against transitions.
 */
async function lockCompanyWorkflows(tx: Tx, companyId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('workflow:' || ${companyId}))`;
}

/** Saves a workflow for the company or project; an invalid document is 422 naming every problem. Owners only. */
export async function putWorkflow(actor: Actor, target: { companyId: string } | { projectId: string }, source: string) {
  const scope = await resolveScope(actor, target);
  requireCompanyAccess(actor, scope.companyId, "admin");
  const result = parseWorkflow(source);
  if (!result.workflow) {
    throw new Unprocessable(`The workflow has ${result.problems.length} problem(s)`, "invalid_workflow", {
      invalidParams: result.problems.map((problem) => ({
        name: problem.path || "source",
        reason: problem.line ? `line ${problem.line}: ${problem.message}` : problem.message,
      })),
      details: { problems: result.problems },
    });
  }
  await db.$transaction(async (tx) => {
    // Orders concurrent saves, since a NULL project id does not collide in the unique index.
    await lockCompanyWorkflows(tx, scope.companyId);
    const existing = await tx.workflow.findFirst({ where: { companyId: scope.companyId, projectId: scope.projectId } });
    const updatedByUserId = actor.type === "board" ? actor.userId : null;
    if (existing) await tx.workflow.update({ where: { id: existing.id }, data: { source, updatedByUserId } });
    else await tx.workflow.create({ data: { ...scope, source, updatedByUserId } });
    await recomputeBlocking(tx, actor, scope, result.workflow!);
    await recordActivity(tx, actor, null, {
      companyId: scope.companyId,
      action: "workflow.updated",
      entityType: scope.projectId ? "project" : "company",
      entityId: scope.projectId ?? scope.companyId,
      details: { states: Object.keys(result.workflow!.states) },
    });
  });
  // Forgotten after the commit, so no request on this instance can cache the old document again meanwhile.
  recent.clear();
  return getWorkflow(actor, target);
}

/**
 * `issues.blocking` for every issue a saved document now governs (a project's: its issues; the company's: its issues
 * outside projects with their own document), so the blocker rule follows the new blocking_states at once. Computed once
 * per (status, workflow state) pair, and only rows whose flag differs are written; an issue that stopped blocking wakes
 * the dependants it was the last blocker of, as a transition would. The caller holds the company's workflow lock.
 */
export async function recomputeBlocking(tx: Tx, actor: Actor | null, scope: WorkflowScope, workflow: Workflow) {
  const governed = `i.company_id = $1::uuid AND CASE WHEN $2::uuid IS NULL
      THEN NOT EXISTS (SELECT 1 FROM workflows w WHERE w.company_id = i.company_id AND w.project_id = i.project_id)
      ELSE i.project_id = $2::uuid END`;
  const positions = await tx.$queryRawUnsafe<{ status: string; workflow_state: string | null }[]>(
    `SELECT DISTINCT i.status, i.workflow_state FROM issues i WHERE ${governed}`,
    scope.companyId,
    scope.projectId,
  );
  for (const position of positions) {
    const blocking = blockingIn(workflow, currentState(workflow, { status: position.status, workflowState: position.workflow_state }));
    const changed = await tx.$queryRawUnsafe<{ id: string; was: boolean | null }[]>(
      `UPDATE issues i SET blocking = $3::boolean FROM issues old
        WHERE old.id = i.id AND ${governed} AND i.status = $4 AND i.workflow_state IS NOT DISTINCT FROM $5 AND i.blocking IS DISTINCT FROM $3::boolean
        RETURNING i.id, old.blocking AS was`,
      scope.companyId,
      scope.projectId,
      blocking,
      position.status,
      position.workflow_state,
    );
    // Issues that still block released nobody; wakeReadyDependants skips those that did not block before.
    if (stillBlocking({ blocking, status: position.status })) continue;
    for (const issue of changed) await wakeReadyDependants(tx, actor, null, { status: position.status, blocking: issue.was }, issue);
  }
}

/**
 * A project being deleted, in its transaction: takes the company's workflow lock as saves do (call it before the
 * project's delete), drops the project's own document, and returns what to run after the delete has moved the project's
 * issues out of it: their blocking flag under the company's workflow.
 */
export async function forgetProjectWorkflow(tx: Tx, actor: Actor, project: { id: string; companyId: string }) {
  await lockCompanyWorkflows(tx, project.companyId);
  await tx.workflow.deleteMany({ where: { companyId: project.companyId, projectId: project.id } });
  const scope = { companyId: project.companyId, projectId: null };
  return async () => recomputeBlocking(tx, actor, scope, await workflowFor(scope, tx));
}

/** Marks the one-time backfill of issues.blocking for workflows stored before the column existed. */
const BLOCKING_BACKFILL_KEY = "workflow_blocking_backfilled";

/**
 * Once per instance (boot calls it; an instance_settings row records it done): `issues.blocking` for every stored
 * workflow document, as a save would compute it, for documents saved before the column existed. One booting server
 * does it (a session advisory lock; the others skip, and a boot after an interrupted run does it again, harmlessly,
 * since only rows whose flag differs are written); each company in its own transaction under the company's workflow
 * lock, as saves take it. A company that fails (a stored document the parser now refuses, a timeout) is logged and
 * skipped, and the marker is written only when every company succeeded, so the next boot retries the failed ones.
 */
export async function backfillBlocking(): Promise<"done" | "incomplete" | "already" | "busy"> {
  if (await db.instanceSetting.findUnique({ where: { key: BLOCKING_BACKFILL_KEY } })) return "already";
  const outcome = await withAdvisoryLock("workflow-blocking-backfill", "try", async () => {
    if (await db.instanceSetting.findUnique({ where: { key: BLOCKING_BACKFILL_KEY } })) return "already" as const;
    const companies = await db.workflow.findMany({ distinct: ["companyId"], select: { companyId: true }, orderBy: { companyId: "asc" } });
    let failed = 0;
    for (const { companyId } of companies) {
      try {
        await db.$transaction(async (tx) => {
          await lockCompanyWorkflows(tx, companyId);
          const stored = await tx.workflow.findMany({ where: { companyId }, select: { projectId: true, source: true } });
          for (const row of stored) await recomputeBlocking(tx, null, { companyId, projectId: row.projectId }, compiled(row.source));
        });
      } catch (error) {
        failed += 1;
        console.error(`[switchboard] blocking backfill of company ${companyId} failed; the next boot retries it`, error);
      }
    }
    if (failed > 0) return "incomplete" as const;
    await db.instanceSetting.upsert({
      where: { key: BLOCKING_BACKFILL_KEY },
      create: { key: BLOCKING_BACKFILL_KEY, value: { at: new Date().toISOString(), companies: companies.length } },
      update: {},
    });
    return "done" as const;
  });
  return outcome ?? "busy";
}
