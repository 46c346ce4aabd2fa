"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { LoadingList } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { type WorkspaceOperation, type WorkspaceTarget, useOperationLogSlices, useOperationLogStream, useWorkspaceOperations } from "@/lib/queries/workspaces";
import { OperationStatusBadge, phaseLabel } from "./labels";

/** "Recent operations": every runtime and cleanup command this workspace ran, newest first, each with its full log. */
export function OperationsPanel({ target }: { target: WorkspaceTarget }) {
  const operations = useWorkspaceOperations(target);
  return (
    <Section title="Recent operations" description="Service starts and stops, jobs, and the provision, cleanup and teardown commands, newest first.">
      {operations.isPending ? (
        <LoadingList rows={3} label="Loading workspace operations…" />
      ) : operations.isError ? (
        <div
          role="alert"
          className="flex items-start justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 dark:border-red-900/60 dark:bg-red-950/30"
        >
          <p className="text-sm text-red-700 dark:text-red-400">{errorMessage(operations.error)}</p>
          <Button size="sm" onClick={() => void operations.refetch()}>
            Retry
          </Button>
        </div>
      ) : operations.data.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No workspace operations have been recorded yet.</p>
      ) : (
        <ol aria-label="Workspace operations" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {operations.data.map((operation) => (
            <OperationEntry key={operation.id} operation={operation} />
          ))}
        </ol>
      )}
    </Section>
  );
}

function OperationEntry({ operation }: { operation: WorkspaceOperation }) {
  const [expanded, setExpanded] = useState(false);
  const logId = useId();
  const failed = operation.status === "failed";
  const excerpt = failed ? operation.stderrExcerpt || operation.error : operation.stdoutExcerpt;
  const title = operation.command ?? phaseLabel(operation.phase);
  return (
    <li className="px-4 py-3" aria-label={`${phaseLabel(operation.phase)}: ${title}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <code className="min-w-0 font-mono text-sm break-all text-zinc-900 dark:text-zinc-100">{title}</code>
            <span className="text-xs text-zinc-500 dark:text-zinc-400" data-phase={operation.phase}>
              {operation.phase}
            </span>
          </p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Started <Time value={operation.startedAt} withTime />
            {operation.finishedAt ? (
              <>
                {" "}
                · Finished <Time value={operation.finishedAt} withTime />
              </>
            ) : null}
            {operation.exitCode !== null ? ` · exit ${operation.exitCode}` : null}
          </p>
          {excerpt ? (
            <pre
              className={cn(
                "max-h-24 overflow-hidden rounded bg-zinc-50 px-2 py-1 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-900",
                failed ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400",
              )}
            >
              {excerpt.trim().split("\n").slice(-6).join("\n")}
            </pre>
          ) : null}
          {failed && operation.error && operation.stderrExcerpt ? <p className="text-xs text-red-700 dark:text-red-400">{operation.error}</p> : null}
          <Button size="sm" variant="ghost" aria-expanded={expanded} aria-controls={logId} onClick={() => setExpanded(!expanded)} className="-ml-2.5">
            {expanded ? "Hide full log" : operation.status === "running" ? "Follow live log" : "View full log"}
          </Button>
        </div>
        <OperationStatusBadge status={operation.status} />
      </div>
      {expanded ? (
        <div id={logId}>{operation.status === "running" ? <LiveLog operationId={operation.id} /> : <StoredLog operationId={operation.id} />}</div>
      ) : null}
    </li>
  );
}

type LogLine = { stream: string; text: string };

/** NDJSON `{ts, stream, chunk}` lines split back into streams; plain text (service output) is all stdout. */
function parseLog(content: string, format: "ndjson" | "text"): LogLine[] {
  if (format === "text") return [{ stream: "stdout", text: content }];
  const lines: LogLine[] = [];
  const raw = content.split("\n");
  // A streamed chunk can stop mid-line; the rest arrives with the next one.
  if (!content.endsWith("\n")) raw.pop();
  for (const line of raw) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { stream?: string; chunk?: string };
      lines.push({ stream: entry.stream ?? "stdout", text: entry.chunk ?? "" });
    } catch {
      lines.push({ stream: "stdout", text: `${line}\n` });
    }
  }
  return lines;
}

const looksLikeNdjson = (content: string) => content.trimStart().startsWith("{");

function LogView({ lines, label, live }: { lines: LogLine[]; label: string; live?: boolean }) {
  const end = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (live) end.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length, live]);
  return (
    <pre aria-label={label} className="mt-2 max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs whitespace-pre-wrap text-zinc-100">
      {lines.length === 0 ? <span className="text-zinc-500">No output.</span> : null}
      {lines.map((line, index) => (
        <span key={index} className={line.stream === "stderr" ? "text-red-400" : line.stream === "system" ? "text-zinc-400 italic" : undefined}>
          {line.text}
        </span>
      ))}
      <span ref={end} />
    </pre>
  );
}

function StoredLog({ operationId }: { operationId: string }) {
  const [offsets, setOffsets] = useState([0]);
  const slices = useOperationLogSlices(operationId, offsets);
  const failed = slices.find((slice) => slice.isError);
  if (failed)
    return (
      <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
        {errorMessage(failed.error)}
      </p>
    );
  const loaded = slices.filter((slice) => slice.data).map((slice) => slice.data!);
  if (loaded.length === 0) return <p className="mt-2 text-xs text-zinc-500">Loading log…</p>;
  const last = slices.at(-1)?.data;
  const content = loaded.map((slice) => slice.content).join("");
  return (
    <>
      <LogView lines={parseLog(content, loaded[0].format === "ndjson" ? "ndjson" : "text")} label="Operation log" />
      {last?.nextOffset !== undefined ? (
        <Button size="sm" variant="ghost" className="mt-1" onClick={() => setOffsets([...offsets, last.nextOffset!])}>
          Load more
        </Button>
      ) : null}
    </>
  );
}

/** A running operation's log, streamed as it is written. */
function LiveLog({ operationId }: { operationId: string }) {
  const stream = useOperationLogStream(operationId);
  const format = looksLikeNdjson(stream.content) ? "ndjson" : "text";
  return (
    <>
      <LogView lines={parseLog(stream.content, format)} label="Operation log" live />
      <p className="mt-1 text-xs text-zinc-500" role="status">
        {stream.ended ? `Finished: ${stream.status}` : stream.error ? "Reconnecting…" : "Live"}
      </p>
    </>
  );
}
