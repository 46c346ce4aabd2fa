import "server-only";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { commandEnvironment } from "../runtime/processes";
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
import type { Agent, AgentWakeupRequest, HeartbeatRun, Prisma } from "../db/generated/client";
import { publishEvent } from "../events/publish";
import { recordCost } from "../costs/ledger";
import { disconnectAgentWork } from "../issues/disconnect";
import { pruneMarkEvents, releaseLapsedRunMarks } from "../marks/marks";
import { AGENT_HALTED, DELIVERY_CONFIGURED, lockAgentRuns, oldestQueuedRun, runSkipReason, tryLockAgentRuns } from "./runnable";

export const ADAPTERS: Record<string, Adapter> = { process: processAdapter, http: httpAdapter, codex_local: codexAdapter, claude_local: claudeAdapter };
/** Adapters that run a coding CLI: they get the skills, instructions and a worded wake prompt on every run. */
const CLI_ADAPTERS = new Set(["codex_local", "claude_local"]);
/** How long a run survives its server: the lease is renewed every second while the run goes. */
const LEASE_MS = 30_000;
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
 * Takes the oldest pending wake of an agent that has no run going, and every other pending wake of that agent with it
 * (one run delivers them all). The agent's queued run (heartbeat/invoke made it) becomes that run; otherwise a new one
 * is made. Rows are claimed with SKIP LOCKED and the agent with an advisory lock, so several app instances never start
 * two runs for one agent.
 */
export async function claimNextRun(): Promise<Claimed | null> {
  let lapsed: { id: string; agentId: string }[] = [];
  const claimed = await db.$transaction(async (tx) => {
    lapsed = await recoverAbandonedRuns(tx);
    const candidates = await tx.$queryRaw<{ agent_id: string }[]>`
      SELECT w.agent_id FROM agent_wakeup_requests w JOIN agents a ON a.id = w.agent_id
       WHERE w.status = 'pending' AND NOT ${AGENT_HALTED} AND ${DELIVERY_CONFIGURED}
       ORDER BY w.created_at LIMIT 25 FOR UPDATE OF w SKIP LOCKED`;
    for (const agentId of new Set(candidates.map((candidate) => candidate.agent_id))) {
      if (!(await tryLockAgentRuns(tx, agentId))) continue;
      // Read again under the lock: a pause or an adapter edit that committed after the candidates were picked holds here.
      if (await runSkipReason(tx, agentId)) continue;
      if (await tx.heartbeatRun.count({ where: { agentId, invocationSource: "scheduler", status: "running" } })) continue;
      const agent = await tx.agent.findUniqueOrThrow({ where: { id: agentId } });
      const wakes = await tx.agentWakeupRequest.findMany({ where: { agentId, status: "pending" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      if (!wakes.length) continue;
      const token = generateApiKeyToken("run");
      const primary = wakes[0];
      const start = {
        status: "running",
        wakeReason: primary.reason,
        adapterType: agent.adapterType,
        issueId: primary.issueId ?? wakes.find((wake) => wake.issueId)?.issueId ?? null,
        tokenHash: hashApiKeyToken(token),
        startedAt: new Date(),
        leaseExpiresAt: new Date(Date.now() + LEASE_MS),
        context: { wakeups: wakes.map(wakeSummary) } as Prisma.InputJsonObject,
      };
      // The agent's oldest queued run (heartbeat/invoke made it, and a pause kept it) becomes the run; the lock keeps a
      // cancel or a termination from ending it meanwhile.
      const queued = await oldestQueuedRun(tx, agentId);
      const run = queued
        ? await tx.heartbeatRun.update({ where: { id: queued.id }, data: start })
        : await tx.heartbeatRun.create({ data: { id: randomUUID(), companyId: agent.companyId, agentId, invocationSource: "scheduler", ...start } });
      await tx.agentWakeupRequest.updateMany({
        where: { id: { in: wakes.map((wake) => wake.id) } },
        data: { status: "claimed", claimedAt: new Date(), heartbeatRunId: run.id },
      });
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
 * Runs whose server stopped (a crash, kill -9) stop renewing their lease. Once it lapses they are failed, and the wakes
 * they carried go back to pending, so the agent is not blocked for ever and still hears about them.
 */
async function recoverAbandonedRuns(tx: Tx) {
  const abandoned = await tx.heartbeatRun.findMany({
    where: { status: "running", invocationSource: "scheduler", leaseExpiresAt: { lt: new Date() } },
    select: { id: true, agentId: true },
  });
  if (!abandoned.length) return abandoned;
  const ids = abandoned.map((run) => run.id);
  await tx.heartbeatRun.updateMany({
    where: { id: { in: ids } },
    data: { status: "failed", error: "The server running it stopped before it finished", finishedAt: new Date(), leaseExpiresAt: null },
  });
  await tx.agentWakeupRequest.updateMany({
    where: { heartbeatRunId: { in: ids }, status: "claimed" },
    data: { status: "pending", heartbeatRunId: null, claimedAt: null },
  });
  return abandoned;
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
  let cancel!: () => void;
  const cancelled = new Promise<void>((resolve) => (cancel = resolve));
  cancels.set(run.id, cancel);
  // Each second: renew the lease, and notice a cancel requested through another app instance.
  const watcher = setInterval(() => {
    void db.heartbeatRun.update({ where: { id: run.id }, data: { leaseExpiresAt: new Date(Date.now() + LEASE_MS) }, select: { cancelRequestedAt: true } }).then(
      (row) => row.cancelRequestedAt && cancel(),
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
    clearInterval(flusher);
    clearInterval(watcher);
    cancels.delete(run.id);
    // The final write below holds the whole log; no append may land after it.
    await flushing;
  }
  const { pausedByBudget } = await finishRun(run, agent, result, log);
  // However the run ended, the work it still holds goes to the workflow's disconnect_state and its marks are released.
  await disconnectAgentWork({ runId: run.id, agentId: agent.id }, `run ${result.status}`);
  // A run whose cost paused its agent: the rest of what the agent holds moves as for any pause.
  if (pausedByBudget) await disconnectAgentWork({ agentId: agent.id }, "agent paused by its budget");
  return result;
}

/** Records the run's end and cost; says whether that cost paused the agent (to disconnect its work after commit). */
async function finishRun(run: HeartbeatRun, agent: Agent, result: AdapterResult, log: string): Promise<{ pausedByBudget: boolean }> {
  return db.$transaction(async (tx) => {
    // The agent's lock and row before the run's, the order a pause takes them in (see lockAgentRuns).
    await lockAgentRuns(tx, agent.id);
    await tx.agent.update({ where: { id: agent.id }, data: { lastHeartbeatAt: new Date() } });
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

/** Claims and runs wakes until none is left or `limit` runs are going; resolves when all it started have finished. */
export async function drainOnce(options: { limit?: number; apiUrl?: string } = {}) {
  const running: Promise<AdapterResult>[] = [];
  while (running.length < (options.limit ?? 4)) {
    const claimed = await claimNextRun();
    if (!claimed) break;
    running.push(executeRun(claimed, options.apiUrl));
  }
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

/** The in-process loop started by instrumentation.ts: a claim pass every half second, a few runs at a time. */
export function startScheduler() {
  const globalForScheduler = globalThis as unknown as { switchboardScheduler?: NodeJS.Timeout };
  if (globalForScheduler.switchboardScheduler || process.env.SWITCHBOARD_SCHEDULER === "off") return;
  const active = new Set<Promise<unknown>>();
  const tick = async () => {
    while (active.size < 4) {
      const claimed = await claimNextRun().catch(() => null);
      if (!claimed) return;
      const running = executeRun(claimed)
        .catch((error) => console.error("[switchboard] run failed to finish", error))
        .finally(() => active.delete(running));
      active.add(running);
    }
  };
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
    void tick();
  }, 500);
  globalForScheduler.switchboardScheduler.unref();
}
