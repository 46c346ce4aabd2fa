import "server-only";
import type { Actor } from "../auth/actor";
import { requireAgentActor, companyScope } from "../auth/permissions";
import { db } from "../db/client";
import type { AgentThought } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { NotFound, Unprocessable } from "../errors";
import { publishEvent } from "../events/publish";
import { GET_AGENT_ERRORS, getAgent } from "../agents/agents";
import { AGENT_RUN_ERRORS, resolveAgentRun } from "../heartbeats/runs";
import { findIssue } from "../issues/find";

// The thinking tool: an agent's newest thought is what it is doing now (issue, agent and run pages show it live); a
// run's thoughts, oldest first, are that run's history. The rows are their own record: no activity entries.

export const MAX_THOUGHT_LENGTH = 4_000;
const MAX_THOUGHT_TASKS = 10;
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 200;
const MAX_RUN_LIST_LIMIT = 500;

export type SerializedThought = {
  id: string;
  companyId: string;
  agentId: string;
  agentName: string | null;
  runId: string | null;
  issueId: string | null;
  issueIdentifier: string | null;
  text: string;
  createdAt: string;
};

type ThoughtWithNames = AgentThought & { agent: { name: string } | null; issue: { identifier: string } | null };
const NAMES = { agent: { select: { name: true } }, issue: { select: { identifier: true } } } as const;

function serializeThought(thought: ThoughtWithNames): SerializedThought {
  return {
    id: thought.id,
    companyId: thought.companyId,
    agentId: thought.agentId,
    agentName: thought.agent?.name ?? null,
    runId: thought.runId,
    issueId: thought.issueId,
    issueIdentifier: thought.issue?.identifier ?? null,
    text: thought.text,
    createdAt: thought.createdAt.toISOString(),
  };
}

export const RECORD_THOUGHT_ERRORS = [...AGENT_RUN_ERRORS, "agent_only", "not_found", "invalid_field"] as const satisfies readonly ErrorCode[];

/**
 * Records the calling agent's current thought, once per task it is about: the tasks named (at most 10), else its
 * in-progress issues (this run's checkout first, at most 10), else one row about no task. Publishes agent.thought for
 * each task's issue page (and once without an issue when there is none).
 */
export async function recordThought(
  actor: Actor,
  requestRunId: string | null,
  input: { thought: string; tasks?: string[] },
): Promise<{ thoughts: SerializedThought[] }> {
  requireAgentActor(actor);
  const text = input.thought.trim();
  if (!text || text.length > MAX_THOUGHT_LENGTH) throw Unprocessable.field("thought", `Must be 1 to ${MAX_THOUGHT_LENGTH} characters; this is ${text.length}`);
  if (input.tasks && input.tasks.length > MAX_THOUGHT_TASKS) throw Unprocessable.field("tasks", `At most ${MAX_THOUGHT_TASKS} tasks`);
  const runId = await resolveAgentRun(actor, requestRunId, { required: false });
  const named = input.tasks?.length ? await Promise.all(input.tasks.map((ref) => findIssue(actor, ref))) : null;
  const issueIds = named
    ? [...new Set(named.map((issue) => issue.id))]
    : (
        await db.$queryRaw<{ id: string }[]>`
          SELECT id FROM issues WHERE company_id = ${actor.companyId}::uuid AND assignee_agent_id = ${actor.agentId}::uuid AND status = 'in_progress'
           ORDER BY (checkout_run_id IS NOT DISTINCT FROM ${runId}::uuid) DESC, updated_at DESC, id LIMIT ${MAX_THOUGHT_TASKS}`
      ).map((row) => row.id);
  const thoughts = await db.$transaction(async (tx) => {
    const rows: ThoughtWithNames[] = [];
    for (const issueId of issueIds.length ? issueIds : [null]) {
      rows.push(await tx.agentThought.create({ data: { companyId: actor.companyId, agentId: actor.agentId, runId, issueId, text }, include: NAMES }));
      await publishEvent(tx, {
        companyId: actor.companyId,
        type: "agent.thought",
        entityType: "agent",
        entityId: actor.agentId,
        ...(issueId ? { issueId } : {}),
      });
    }
    return rows;
  });
  return { thoughts: thoughts.map(serializeThought) };
}

export const LIST_THOUGHTS_ERRORS = [...GET_AGENT_ERRORS] as const satisfies readonly ErrorCode[];

/**
 * Thoughts within the actor's companies: an issue's or an agent's newest first (default 20, at most 200), a run's
 * oldest first (at most 500), as its history reads.
 */
export async function listThoughts(
  actor: Actor,
  scope: { issueRef: string } | { agentId: string } | { runId: string },
  options: { limit?: number } = {},
): Promise<SerializedThought[]> {
  if ("runId" in scope) {
    const run = await db.heartbeatRun.findFirst({ where: { id: scope.runId, ...companyScope(actor) }, select: { id: true } });
    if (!run) throw new NotFound("Run");
    const rows = await db.agentThought.findMany({
      where: { runId: run.id, ...companyScope(actor) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: Math.min(options.limit ?? MAX_RUN_LIST_LIMIT, MAX_RUN_LIST_LIMIT),
      include: NAMES,
    });
    return rows.map(serializeThought);
  }
  const where = "issueRef" in scope ? { issueId: (await findIssue(actor, scope.issueRef)).id } : { agentId: (await getAgent(actor, scope.agentId)).id };
  const rows = await db.agentThought.findMany({
    where: { ...where, ...companyScope(actor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.limit ?? DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT),
    include: NAMES,
  });
  return rows.map(serializeThought);
}
