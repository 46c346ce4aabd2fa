import "server-only";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { commandEnvironment, hostId } from "../runtime/processes";
import { environmentVariables, outsideAllowedRoot, recordRunEnvironment } from "../environments/resolve";
import { conflictMessage } from "../workspaces/conflicts";
import { sweepRetention } from "../workspaces/retention";
import { workspaceForRun } from "../workspaces/provision";
import { claudeAdapter } from "../adapters/claude";
import { codexAdapter } from "../adapters/codex";
import { describeWake, loadDelivery } from "../adapters/delivery";
import { httpAdapter } from "../adapters/http";
import { processAdapter } from "../adapters/process";
import { runFolder } from "../adapters/workdir";
import { LOG_LIMIT_BYTES, type Adapter, type AdapterResult } from "../adapters/types";
import { generateApiKeyToken, hashApiKeyToken } from "../auth/api-keys";
import { db, type Tx } from "../db/client";
import { Prisma, type Agent, type AgentWakeupRequest, type HeartbeatRun } from "../db/generated/client";
import { publishEvent } from "../events/publish";
import { recordCost } from "../costs/ledger";
import { disconnectAgentWork } from "../issues/disconnect";
import { pruneMarkEvents, releaseLapsedRunMarks } from "../marks/marks";
import { onShutdown } from "../shutdown";
import { maxConcurrentRuns, runLeaseSeconds } from "./limits";
import {
  AGENT_HALTED,
  AGENT_RUN_LIMIT,
  DELIVERY_CONFIGURED,
  WAKE_STARTABLE,
  lockAgentRuns,
  oldestQueuedRun,
  runSkipReason,
  tryLockAgentRuns,
} from "./runnable";

export const ADAPTERS: Record<string, Adapter> = { process: processAdapter, http: httpAdapter, codex_local: codexAdapter, claude_local: claudeAdapter };
/** Adapters that run a coding CLI: they get the skills, instructions and a worded wake prompt on every run. */
const CLI_ADAPTERS = new Set(["codex_local", "claude_local"]);
// Cancel routes and the scheduler may be bundled apart; the cancel callbacks live on globalThis so both see them.
const globalForCancels = globalThis as unknown as { switchboardRunCancels?: Map<string, () => void> };
const cancels = (globalForCancels.switchboardRunCancels ??= new Map());

/** A run that may not start where it would have to work (an environment conflict, a cwd outside the allowed root). */
class RunRefused extends Error {}

type Claimed = { run: HeartbeatRun; agent: Agent; wakes: AgentWakeupRequest[]; token: string };

/** A wake as the run records it and as the agent reads it in PAPERCLIP_WAKE_PAYLOAD_JSON. */
const wakeSummary = (wake: AgentWakeupRequest) => ({
  id: wake.id,
  reason: wake.reason,
  issueId: wake.issueId,
  commentId: wake.commentId,
  payload: wake.payload,
});

/**
 * Starts a run for the oldest pending wake whose agent may start one (below its `maxConcurrentRuns`, no run of it on
 * the wake's issue), taking the agent's other pending wakes with it (see wakesToClaim). The agent's queued run
 * (heartbeat/invoke made it) becomes that run; otherwise a new one is made. The candidates are read without row locks:
 * the agent's advisory lock, taken without waiting, is what serializes claims, and its cap is read again under it, so
 * the cap holds across every app instance. (Row locks on candidates of several agents, held while another instance
 * claimed one of those agents' wakes, deadlocked two instances' claims.)
 */
export async function claimNextRun(): Promise<Claimed | null> {
  let lapsed: { id: string; agentId: string }[] = [];
  const claimed = await db.$transaction(async (tx) => {
    lapsed = await recoverAbandonedRuns(tx);
    const candidates = await tx.$queryRaw<{ agent_id: string }[]>`
      SELECT w.agent_id FROM agent_wakeup_requests w JOIN agents a ON a.id = w.agent_id
       WHERE w.status = 'pending' AND NOT ${AGENT_HALTED} AND ${DELIVERY_CONFIGURED} AND ${WAKE_STARTABLE}
       ORDER BY w.created_at LIMIT 25`;
    for (const agentId of new Set(candidates.map((candidate) => candidate.agent_id))) {
      if (!(await tryLockAgentRuns(tx, agentId))) continue;
      // Read again under the lock: a pause or an adapter edit that committed after the candidates were picked holds here.
      if (await runSkipReason(tx, agentId)) continue;
      const taken = await wakesToClaim(tx, agentId);
      if (!taken) continue;
      const agent = await tx.agent.findUniqueOrThrow({ where: { id: agentId } });
      const wakes = await tx.agentWakeupRequest.findMany({ where: { id: { in: taken.ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      const token = generateApiKeyToken("run");
      const primary = wakes[0];
      const start = {
        status: "running",
        wakeReason: primary.reason,
        adapterType: agent.adapterType,
        issueId: primary.issueId ?? wakes.find((wake) => wake.issueId)?.issueId ?? null,
        tokenHash: hashApiKeyToken(token),
        startedAt: new Date(),
        hostId: hostId(),
        context: { wakeups: wakes.map(wakeSummary) } as Prisma.InputJsonObject,
      };
      // The agent's oldest queued run (heartbeat/invoke made it, and a pause kept it) becomes the run; the lock keeps a
      // cancel or a termination from ending it meanwhile. With several runs at once, only the run carrying its wakes.
      const queued = await oldestQueuedRun(tx, agentId);
      const run =
        queued && (taken.limit === 1 || wakes.some((wake) => wake.heartbeatRunId === queued.id))
          ? await tx.heartbeatRun.update({ where: { id: queued.id }, data: start })
          : await tx.heartbeatRun.create({ data: { id: randomUUID(), companyId: agent.companyId, agentId, invocationSource: "scheduler", ...start } });
      await renewLease(tx, run.id);
      const { count } = await tx.agentWakeupRequest.updateMany({
        where: { id: { in: wakes.map((wake) => wake.id) }, status: "pending" },
        data: { status: "claimed", claimedAt: new Date(), heartbeatRunId: run.id },
      });
      // The agent's lock keeps its wakes still; should one have moved anyway, the whole claim is undone, not half made.
      if (count !== wakes.length) throw new Error(`Run claim for agent ${agentId} found ${wakes.length - count} of its wakes no longer pending`);
      await publishEvent(tx, { companyId: agent.companyId, type: "heartbeat_run.started", entityType: "agent", entityId: agentId });
      return { run, agent, wakes, token };
    }
    return null;
  });
  // A lapsed run's agent is gone from its work: what it still held moves on once the failure has committed.
  for (const run of lapsed) await disconnectAgentWork({ runId: run.id, agentId: run.agentId }, "run lease lapsed");
  return claimed;
}

/**
 * The pending wakes one new run of the agent takes, read under the agent's lock, or null when it may start none. Its
 * oldest startable wake (WAKE_STARTABLE) leads. With a cap of 1 the run takes every pending wake (a burst of comments
 * is one run); with more, the wakes on the leading wake's issue, so the agent's other issues can go in parallel.
 */
async function wakesToClaim(tx: Tx, agentId: string): Promise<{ ids: string[]; limit: number } | null> {
  const rows = await tx.$queryRaw<{ id: string; run_limit: number }[]>`
    WITH lead AS (
      SELECT w.issue_id, ${AGENT_RUN_LIMIT} AS run_limit FROM agent_wakeup_requests w JOIN agents a ON a.id = w.agent_id
       WHERE w.agent_id = ${agentId}::uuid AND w.status = 'pending' AND ${WAKE_STARTABLE}
       ORDER BY w.created_at, w.id LIMIT 1)
    SELECT w.id, lead.run_limit FROM agent_wakeup_requests w CROSS JOIN lead
     WHERE w.agent_id = ${agentId}::uuid AND w.status = 'pending' AND (lead.run_limit = 1 OR w.issue_id IS NOT DISTINCT FROM lead.issue_id)`;
  return rows.length ? { ids: rows.map((row) => row.id), limit: rows[0].run_limit } : null;
}

/**
 * Moves a running run's lease to SWITCHBOARD_RUN_LEASE_SECONDS from now, in database time, so no instance's clock
 * decides when another instance's run has lapsed. Answers whether the run is still running (another instance fails
 * it once its lease lapsed) and whether a cancel was requested (through any instance).
 */
async function renewLease(client: Pick<Tx, "$queryRaw">, runId: string) {
  const [row] = await client.$queryRaw<{ cancel_requested_at: Date | null }[]>`
    UPDATE heartbeat_runs SET lease_expires_at = now() + make_interval(secs => ${runLeaseSeconds()}::int)
     WHERE id = ${runId}::uuid AND status = 'running' RETURNING cancel_requested_at`;
  return { running: Boolean(row), cancelRequested: Boolean(row?.cancel_requested_at) };
}

const LAPSED_ERROR = "The server running it stopped before it finished";
const HANDED_BACK_ERROR = "The server running it was stopped; its wakes were handed back to be delivered again";

/**
 * Fails the running scheduler runs `which` selects and puts the wakes they carried back to pending, so another run
 * (on any instance) delivers them. A paused or terminated agent's wakes wait as pending too: runSkipReason starts no
 * run for it until a resume. One statement fails each run once, however many instances try at the same moment.
 */
async function failRunsRequeueingWakes(tx: Tx, which: Prisma.Sql, error: string, { skipLocked }: { skipLocked: boolean }) {
  const failed = await tx.$queryRaw<{ id: string; agentId: string }[]>`
    WITH ending AS (
      SELECT id FROM heartbeat_runs WHERE status = 'running' AND invocation_source = 'scheduler' AND ${which}
         FOR UPDATE ${skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty})
    UPDATE heartbeat_runs r SET status = 'failed', error = ${error}, finished_at = now(), lease_expires_at = NULL
      FROM ending WHERE r.id = ending.id
    RETURNING r.id, r.agent_id AS "agentId"`;
  if (failed.length)
    await tx.agentWakeupRequest.updateMany({
      where: { heartbeatRunId: { in: failed.map((run) => run.id) }, status: "claimed" },
      data: { status: "pending", heartbeatRunId: null, claimedAt: null },
    });
  return failed;
}

/**
 * Runs whose server stopped (a crash, kill -9) stop renewing their lease. Once it lapses (in database time) they are
 * failed and their wakes requeued, so the agent is not blocked for ever and still hears about them. Rows another
 * transaction holds (the run finishing, another instance recovering it) are skipped, so recoveries never wait on
 * each other; a later pass sees what is still lapsed.
 */
function recoverAbandonedRuns(tx: Tx) {
  return failRunsRequeueingWakes(tx, Prisma.sql`lease_expires_at < now()`, LAPSED_ERROR, { skipLocked: true });
}

/**
 * Ends this instance's runs `runIds` at shutdown and requeues their wakes at once, rather than after their lease. It
 * waits for a run that is finishing meanwhile, which then keeps its own outcome.
 */
function handBackRuns(runIds: string[]) {
  return db.$transaction((tx) => failRunsRequeueingWakes(tx, Prisma.sql`id = ANY(${runIds}::uuid[])`, HANDED_BACK_ERROR, { skipLocked: false }));
}

/** The PAPERCLIP_* environment of a run: who, which run, the run's own API key, and why it woke. */
export function runEnvironment(claimed: Claimed, apiUrl: string, environmentLayer: Record<string, string> = {}): Record<string, string> {
  const { run, agent, wakes, token } = claimed;
  const primary = wakes[0];
  const payload = (primary.payload ?? {}) as Record<string, unknown>;
  const linked = Array.isArray(payload.issueIds) ? (payload.issueIds as string[]) : [];
  const configured = (agent.adapterConfig as { env?: Record<string, unknown> }).env ?? {};
  // The same host allowlist as workspace commands, the environment's variables, the board-set env, the run's own.
  const env = commandEnvironment(environmentLayer, Object.fromEntries(Object.entries(configured).map(([key, value]) => [key, String(value)])), {
    PAPERCLIP_AGENT_ID: agent.id,
    PAPERCLIP_COMPANY_ID: agent.companyId,
    PAPERCLIP_API_URL: apiUrl,
    PAPERCLIP_RUN_ID: run.id,
    PAPERCLIP_API_KEY: token,
    PAPERCLIP_WAKE_REASON: primary.reason,
    PAPERCLIP_WAKE_PAYLOAD_JSON: JSON.stringify({ ...payload, ...budgetNotice(agent), wakeups: wakes.map(wakeSummary) }),
  });
  if (run.issueId) env.PAPERCLIP_TASK_ID = run.issueId;
  if (primary.commentId) env.PAPERCLIP_WAKE_COMMENT_ID = primary.commentId;
  if (typeof payload.approvalId === "string") env.PAPERCLIP_APPROVAL_ID = payload.approvalId;
  if (typeof payload.approvalStatus === "string") env.PAPERCLIP_APPROVAL_STATUS = payload.approvalStatus;
  if (linked.length) env.PAPERCLIP_LINKED_ISSUE_IDS = linked.join(",");
  return env;
}

/** At 80 % of a set monthly budget the wake says so, so the agent can keep to critical work. */
function budgetNotice(agent: Agent) {
  if (agent.budgetMonthlyCents <= 0 || agent.spentMonthlyCents < agent.budgetMonthlyCents * 0.8) return {};
  return {
    budget: {
      spentMonthlyCents: agent.spentMonthlyCents,
      budgetMonthlyCents: agent.budgetMonthlyCents,
      warning: "Above 80% of the monthly budget: focus on critical tasks only",
    },
  };
}

const apiUrl = () => process.env.SWITCHBOARD_PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? "3000"}`;

/** Runs a claimed wake through the agent's adapter, streaming its log into the run row, and records the outcome. */
export async function executeRun(claimed: Claimed, url = apiUrl()): Promise<AdapterResult> {
  const { run, agent } = claimed;
  let log = "";
  let flushed = 0;
  // Appends only what is new (rewriting the whole log each time grew with its square), one flush at a time.
  let flushing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (log.length === flushed) return;
    const chunk = log.slice(flushed);
    flushed = log.length;
    flushing = flushing.then(() => db.$executeRaw`UPDATE heartbeat_runs SET log = log || ${chunk} WHERE id = ${run.id}::uuid`).catch(() => undefined);
  };
  const flusher = setInterval(flush, 500);
  let stopping = false;
  let ended = false;
  let stop!: () => void;
  const cancelled = new Promise<void>((resolve) => (stop = resolve));
  const cancel = () => {
    stopping = true;
    stop();
  };
  cancels.set(run.id, cancel);
  // Each second: renew the lease, and notice a cancel requested through another app instance. A run no longer running
  // in the database was failed elsewhere (its lease lapsed and another instance took its wakes over, or it was handed
  // back at shutdown): its process stops at once, so the agent does not work those wakes twice.
  const watcher = setInterval(() => {
    void renewLease(db, run.id).then(
      (lease) => {
        if (lease.cancelRequested) cancel();
        if (lease.running || stopping || ended) return;
        console.warn(`[switchboard] run ${run.id} lost its lease (it is no longer running in the database); stopping its process`);
        cancel();
      },
      () => undefined,
    );
  }, 1_000);
  const sessions = ((agent.runtimeConfig as { sessions?: Record<string, string> }).sessions ?? {}) as Record<string, string>;
  const sessionKey = run.issueId ?? "default";
  let result: AdapterResult;
  try {
    const adapter = ADAPTERS[agent.adapterType];
    const issue = run.issueId
      ? await db.issue.findUnique({ where: { id: run.issueId }, select: { companyId: true, projectId: true, executionWorkspaceSettings: true } })
      : null;
    const intended = await recordRunEnvironment(issue, agent, run.id);
    // The run works in its issue's workspace: the adapter's cwd and PAPERCLIP_WORKSPACE_* say where.
    const placement = run.issueId ? await workspaceForRun(run.issueId, agent.id, intended, run.id) : null;
    const refusal = placement?.conflict ? conflictMessage(placement.conflict) : placement?.cwd ? outsideAllowedRoot(intended.environment, placement.cwd) : null;
    if (refusal) throw new RunRefused(refusal);
    const env = runEnvironment(claimed, url, environmentVariables(intended.environment));
    if (placement?.cwd)
      Object.assign(env, { PAPERCLIP_WORKSPACE_CWD: placement.cwd, ...(placement.workspaceId ? { PAPERCLIP_WORKSPACE_ID: placement.workspaceId } : {}) });
    const config = { ...((agent.adapterConfig ?? {}) as Record<string, unknown>), ...(placement?.cwd ? { cwd: placement.cwd } : {}) };
    const configuredCwd = typeof config.cwd === "string" && config.cwd ? config.cwd : null;
    // A relative folder would be taken from the server's own folder; the schema refuses one, older rows may hold one.
    if (configuredCwd && !path.isAbsolute(configuredCwd)) throw new RunRefused(`adapterConfig.cwd must be an absolute path, not ${configuredCwd}`);
    const folder = runFolder(agent.id, configuredCwd);
    const appendLog = (chunk: string) => {
      if (log.length < LOG_LIMIT_BYTES) log += chunk.slice(0, LOG_LIMIT_BYTES - log.length);
    };
    const cli = CLI_ADAPTERS.has(agent.adapterType);
    const primary = claimed.wakes[0];
    result = await adapter({
      runId: run.id,
      agentId: agent.id,
      companyId: agent.companyId,
      issueId: run.issueId,
      env,
      config,
      cwd: folder.cwd,
      ownFolder: folder.own,
      log: appendLog,
      cancelled,
      wake: cli ? await describeWake(primary.reason, run.issueId, primary.commentId ?? null) : { reason: primary.reason, issue: null, comment: null },
      // Read per run, so an edit to the agent's skills or instructions reaches its very next run.
      delivery: cli ? await loadDelivery(agent, folder.cwd, appendLog) : { skills: [], instructions: [] },
      session: {
        get: () => sessions[sessionKey] ?? null,
        set: async (sessionId) => {
          if ((sessions[sessionKey] ?? null) === sessionId) return;
          if (sessionId) sessions[sessionKey] = sessionId;
          else delete sessions[sessionKey];
          // Only this session's key changes, so board edits to runtimeConfig made during the run are kept.
          await (sessionId
            ? db.$executeRaw`UPDATE agents SET runtime_config = jsonb_set(runtime_config, '{sessions}', COALESCE(runtime_config->'sessions', '{}'::jsonb) || jsonb_build_object(${sessionKey}::text, ${sessionId}::text)) WHERE id = ${agent.id}::uuid`
            : db.$executeRaw`UPDATE agents SET runtime_config = runtime_config #- ARRAY['sessions', ${sessionKey}::text] WHERE id = ${agent.id}::uuid`);
        },
      },
    });
  } catch (error) {
    if (!(error instanceof RunRefused)) console.error("[switchboard] run failed before its adapter finished", error);
    result = { status: "failed", exitCode: null, error: (error as Error).message, usage: null, summary: null, sessionId: null };
  } finally {
    ended = true;
    clearInterval(flusher);
    clearInterval(watcher);
    cancels.delete(run.id);
    // The final write below holds the whole log; no append may land after it.
    await flushing;
  }
  const finished = await finishRun(run, agent, result, log);
  // Failed elsewhere meanwhile: whoever failed it requeued its wakes and let its work go.
  if (!finished) return result;
  // However the run ended, the work it still holds goes to the workflow's disconnect_state and its marks are released.
  await disconnectAgentWork({ runId: run.id, agentId: agent.id }, `run ${result.status}`);
  // A run whose cost paused its agent: the rest of what the agent holds moves as for any pause.
  if (finished.pausedByBudget) await disconnectAgentWork({ agentId: agent.id }, "agent paused by its budget");
  return result;
}

/**
 * Records the run's end and cost; says whether that cost paused the agent (to disconnect its work after commit). Null,
 * recording nothing, when the run is no longer running: a lapsed lease or a hand-back failed it and its wakes went
 * to another run, so its outcome, cost and wakes are not this execution's to write.
 */
async function finishRun(run: HeartbeatRun, agent: Agent, result: AdapterResult, log: string): Promise<{ pausedByBudget: boolean } | null> {
  return db.$transaction(async (tx) => {
    // The agent's lock and row before the run's, the order a pause takes them in (see lockAgentRuns).
    await lockAgentRuns(tx, agent.id);
    await tx.agent.update({ where: { id: agent.id }, data: { lastHeartbeatAt: new Date() } });
    // Held to the end: a recovery skips the row meanwhile, a hand-back waits for it.
    const [still] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM heartbeat_runs WHERE id = ${run.id}::uuid AND status = 'running' FOR UPDATE`;
    if (!still) return null;
    // The run keeps the adapter's whole figure; the ledger row holds what the agent did not log itself (see recordCost).
    const { cents: costCents, paused: pausedByBudget } = await recordCost(tx, agent, {
      source: "adapter",
      usage: result.usage,
      runId: run.id,
      issueId: run.issueId,
    });
    await tx.heartbeatRun.update({
      where: { id: run.id },
      data: {
        status: result.status,
        finishedAt: new Date(),
        exitCode: result.exitCode,
        error: result.error,
        log,
        usage: (result.usage ?? undefined) as Prisma.InputJsonObject | undefined,
        costCents,
        summary: result.summary,
        sessionId: result.sessionId,
        leaseExpiresAt: null,
      },
    });
    await tx.agentWakeupRequest.updateMany({ where: { heartbeatRunId: run.id }, data: { status: result.status === "succeeded" ? "delivered" : "failed" } });
    await publishEvent(tx, {
      companyId: agent.companyId,
      type: "heartbeat_run.finished",
      entityType: "agent",
      entityId: agent.id,
      ...(run.issueId ? { issueId: run.issueId } : {}),
    });
    return { pausedByBudget };
  });
}

/** Cancels a run this process is executing; other instances notice `cancel_requested_at` within a second. */
export function cancelLocalRun(runId: string): boolean {
  const cancel = cancels.get(runId);
  cancel?.();
  return Boolean(cancel);
}

/** Claims runs and hands each to `start` while `room()` says a slot is free; returns once a claim finds nothing. */
async function claimWhile(room: () => boolean, start: (claimed: Claimed) => void) {
  while (room()) {
    const claimed = await claimNextRun();
    if (!claimed) return;
    start(claimed);
  }
}

/** Claims and runs wakes until none is left or `limit` runs are going; resolves when all it started have finished. */
export async function drainOnce(options: { limit?: number; apiUrl?: string } = {}) {
  const running: Promise<AdapterResult>[] = [];
  const limit = options.limit ?? maxConcurrentRuns();
  await claimWhile(
    () => running.length < limit,
    (claimed) => running.push(executeRun(claimed, options.apiUrl)),
  );
  return Promise.all(running);
}

/**
 * Agents with `runtimeConfig.heartbeatIntervalSec` get a heartbeat_timer wake when their last heartbeat is older than
 * that and nothing is already waiting for them.
 */
export async function queueTimerHeartbeats(now = new Date()) {
  return db.$executeRaw`
    INSERT INTO agent_wakeup_requests (company_id, agent_id, reason, payload, requested_by_type, requested_by_id)
    SELECT a.company_id, a.id, 'heartbeat_timer', '{}'::jsonb, 'system', 'system'
      FROM agents a
     WHERE jsonb_typeof(a.runtime_config -> 'heartbeatIntervalSec') = 'number'
       AND a.status NOT IN ('paused', 'terminated', 'pending_approval')
       AND (a.last_heartbeat_at IS NULL OR a.last_heartbeat_at < ${now}::timestamptz - make_interval(secs => (a.runtime_config ->> 'heartbeatIntervalSec')::float))
       AND NOT EXISTS (SELECT 1 FROM agent_wakeup_requests w WHERE w.agent_id = a.id AND w.status = 'pending')`;
}

/**
 * Claims runs and executes them, up to `limit` at once (SWITCHBOARD_MAX_CONCURRENT_RUNS by default): a claim pass every
 * half second, and another as soon as a run ends and frees its slot. `stop()` claims no more and waits for the runs;
 * `handBack()` claims no more and hands the runs back (for a server that is being stopped).
 */
export function startRunLoop(options: { limit?: number; apiUrl?: string } = {}) {
  const limit = options.limit ?? maxConcurrentRuns();
  const active = new Map<string, Promise<unknown>>();
  let pass: Promise<void> | null = null;
  let stopped = false;
  // One claim pass at a time: two passes each seeing a free slot would start one run too many.
  const fill = () => {
    if (pass || stopped) return;
    pass = claimWhile(
      () => !stopped && active.size < limit,
      (claimed) => {
        const running = executeRun(claimed, options.apiUrl)
          .catch((error) => console.error("[switchboard] run failed to finish", error))
          .finally(() => {
            active.delete(claimed.run.id);
            fill();
          });
        active.set(claimed.run.id, running);
      },
    )
      .catch((error) => console.error("[switchboard] run claim failed", error))
      .finally(() => (pass = null));
  };
  const timer = setInterval(fill, 500);
  timer.unref();
  fill();
  /** No claim pass starts any more; one already going finishes, so its run is among the active ones. */
  const stopClaiming = async () => {
    stopped = true;
    clearInterval(timer);
    await pass;
  };
  const settled = async () => {
    while (active.size) await Promise.all(active.values());
  };
  return {
    stop: async () => {
      await stopClaiming();
      await settled();
    },
    /**
     * Ends every run this loop executes as failed, its wakes pending again at once so another instance delivers them,
     * then stops their processes (their groups get TERM, then KILL) and waits for them. Resolves with the runs handed
     * back; a run that finished meanwhile keeps its own outcome.
     */
    handBack: async () => {
      await stopClaiming();
      const runIds = [...active.keys()];
      const handedBack = runIds.length ? await handBackRuns(runIds) : [];
      for (const runId of runIds) cancelLocalRun(runId);
      await settled();
      for (const run of handedBack) await disconnectAgentWork({ runId: run.id, agentId: run.agentId }, "run handed back at shutdown");
      return handedBack;
    },
  };
}

/** The in-process loops started by instrumentation.ts: the run loop, timer heartbeats and the periodic sweeps. */
export function startScheduler() {
  const globalForScheduler = globalThis as unknown as { switchboardScheduler?: NodeJS.Timeout };
  if (globalForScheduler.switchboardScheduler || process.env.SWITCHBOARD_SCHEDULER === "off") return;
  const runs = startRunLoop();
  // A stopped server (a rolling restart) claims nothing more and hands its runs back rather than let their leases lapse.
  onShutdown(async () => {
    clearInterval(globalForScheduler.switchboardScheduler);
    await runs.handBack();
  });
  let lastTimerCheck = 0;
  let lastRetentionSweep = 0;
  let sweeping = false;
  let lastMarksSweep = 0;
  let sweepingMarks = false;
  globalForScheduler.switchboardScheduler = setInterval(() => {
    if (Date.now() - lastTimerCheck > 5_000) {
      lastTimerCheck = Date.now();
      void queueTimerHeartbeats().catch(() => undefined);
    }
    if (!sweeping && Date.now() - lastRetentionSweep > 60_000) {
      lastRetentionSweep = Date.now();
      sweeping = true;
      void sweepRetention()
        .catch((error) => console.error("[switchboard] retention sweep failed", error))
        .finally(() => (sweeping = false));
    }
    // Once a minute: marks of external runs not heard from within the liveness window go, and mark events no reader needs.
    if (!sweepingMarks && Date.now() - lastMarksSweep > 60_000) {
      lastMarksSweep = Date.now();
      sweepingMarks = true;
      void releaseLapsedRunMarks()
        .then(() => pruneMarkEvents())
        .catch((error) => console.error("[switchboard] marks sweep failed", error))
        .finally(() => (sweepingMarks = false));
    }
  }, 500);
  globalForScheduler.switchboardScheduler.unref();
}
