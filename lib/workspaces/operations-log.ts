import "server-only";
import path from "node:path";
import type { Actor } from "../auth/actor";
import { companyScope } from "../auth/permissions";
import { db } from "../db/client";
import { NotFound } from "../errors";
import { READ_RUN_ERRORS, getRun } from "../heartbeats/runs-api";
import { readLogFile } from "../runtime/logs";
import { ownerColumns, type WorkspaceRef } from "../runtime/operations";
import { findExecutionWorkspace } from "./find";
import { findProjectWorkspace } from "./project-workspaces";

const RECENT_LIMIT = 200;

/** A workspace's most recent operations, newest first. */
const recentOperations = (ref: WorkspaceRef) =>
  db.workspaceOperation.findMany({ where: ownerColumns(ref), orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: RECENT_LIMIT });

export async function listExecutionWorkspaceOperations(actor: Actor, workspaceId: string) {
  const workspace = await findExecutionWorkspace(actor, workspaceId);
  return recentOperations({ kind: "execution", id: workspace.id, companyId: workspace.companyId });
}

export async function listProjectWorkspaceOperations(actor: Actor, projectId: string, workspaceId: string) {
  const workspace = await findProjectWorkspace(actor, projectId, workspaceId);
  return recentOperations({ kind: "project", id: workspace.id, companyId: workspace.companyId });
}

export const LIST_RUN_WORKSPACE_OPERATIONS_ERRORS = READ_RUN_ERRORS;

export async function listRunWorkspaceOperations(actor: Actor, runId: string) {
  const run = await getRun(actor, runId);
  return db.workspaceOperation.findMany({
    where: { heartbeatRunId: run.id, companyId: run.companyId },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    take: RECENT_LIMIT,
  });
}

async function findOperation(actor: Actor, operationId: string) {
  const operation = await db.workspaceOperation.findFirst({ where: { id: operationId, ...companyScope(actor) } });
  if (!operation) throw new NotFound("Workspace operation");
  return operation;
}

/**
 * A slice of an operation's full log. Commands we run log NDJSON `{ts, stream, chunk}` lines (format "ndjson");
 * services write their raw output straight to a file that outlives the server (format "text").
 */
export async function readOperationLog(actor: Actor, operationId: string, offset: number, limitBytes: number) {
  const operation = await findOperation(actor, operationId);
  const slice = operation.logPath ? readLogFile(operation.logPath, offset, limitBytes) : null;
  if (!slice) throw new NotFound("Workspace operation log");
  return {
    operationId: operation.id,
    store: "local_file",
    logRef: path.basename(operation.logPath!),
    format: operation.logPath!.endsWith(".ndjson") ? "ndjson" : "text",
    status: operation.status,
    content: slice.content,
    size: slice.size,
    ...(slice.nextOffset !== undefined ? { nextOffset: slice.nextOffset } : {}),
  };
}

const TAIL_POLL_MS = 300;

/** Server-sent events: `chunk` events with new log text as it is written, then `end` once the operation finished. */
export async function streamOperationLog(actor: Actor, operationId: string, fromOffset: number, signal: AbortSignal): Promise<Response> {
  const operation = await findOperation(actor, operationId);
  const logPath = operation.logPath;
  const encoder = new TextEncoder();
  let offset = fromOffset;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          // The client went away between the read and the write.
        }
      };
      const close = () => {
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      signal.addEventListener("abort", close);
      // A finished operation stays finished: once seen, its status is not asked for again.
      let finished = false;
      while (!signal.aborted) {
        const slice = logPath ? readLogFile(logPath, offset, 256_000) : null;
        if (slice?.content) {
          offset += Buffer.byteLength(slice.content);
          send("chunk", { offset, content: slice.content });
          if (slice.nextOffset !== undefined) continue;
        }
        if (!finished) {
          const current = await db.workspaceOperation.findUnique({ where: { id: operationId }, select: { status: true } });
          finished = current?.status !== "running" && current?.status !== "queued";
          // Services keep writing after their start operation ends; their tail stays open until the client leaves.
          if (finished && logPath?.endsWith(".ndjson")) {
            send("end", { status: current?.status ?? "unknown", offset });
            break;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, TAIL_POLL_MS));
      }
      close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
