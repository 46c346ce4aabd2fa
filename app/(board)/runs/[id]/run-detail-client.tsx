"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { ConflictNotice, ConflictSentence, ruleLabel } from "@/components/environments/labels";
import { usePeople } from "@/components/issues/people";
import { runTitle } from "@/components/runs/labels";
import { RunDuration, RunStatus, runTokens } from "@/components/runs/run-list";
import { RunThoughts } from "@/components/thoughts/run-thoughts";
import { Button } from "@/components/ui/button";
import { Time, formatCents } from "@/components/ui/format";
import { BotIcon } from "@/components/ui/icons";
import { BackLink, PageHeader, Section } from "@/components/ui/page-header";
import { QueryDetail, QueryList } from "@/components/ui/states";
import { useCompanyPermissions } from "@/components/board/board-context";
import { errorMessage } from "@/lib/queries/client";
import { useCompanyEvents } from "@/lib/queries/events";
import { type Run, useCancelRun, useRun, useRunIssues, useRunLog } from "@/lib/queries/runs";

export function RunDetailClient({ runId }: { runId: string }) {
  const run = useRun(runId);
  return (
    <>
      <BackLink href="/agents">Agents</BackLink>
      <QueryDetail query={run} what="run" icon={<BotIcon className="size-6" />} list={{ href: "/agents", label: "agents" }}>
        {(data) => <RunView run={data} />}
      </QueryDetail>
    </>
  );
}

function RunView({ run }: { run: Run }) {
  const people = usePeople(run.companyId);
  const { canAct } = useCompanyPermissions(run.companyId);
  const live = run.status === "running" || run.status === "queued";
  const cancel = useCancelRun(run.id);
  const conflict = run.environmentConflict;
  // The run's thoughts arrive as live events; the run itself and its log poll while it goes.
  useCompanyEvents(run.companyId);
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {runTitle(run)} <RunStatus status={run.status} />
          </span>
        }
        description={
          <span>
            <Link href={`/agents/${run.agentId}`} className="hover:underline">
              {people.agentName(run.agentId)}
            </Link>{" "}
            · {run.adapterType} adapter{run.hostId ? <> on {run.hostId}</> : null} ·{" "}
            {run.startedAt ? (
              <>
                started <Time value={run.startedAt} relative />
              </>
            ) : (
              <>
                queued <Time value={run.createdAt} relative />
              </>
            )}
          </span>
        }
        actions={
          live && canAct ? (
            <Button variant="danger" pending={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel run
            </Button>
          ) : null
        }
      />
      {cancel.error ? (
        <p role="alert" className="mb-4 text-sm text-red-700">
          {errorMessage(cancel.error)}
        </p>
      ) : null}
      <dl className="mb-8 grid grid-cols-2 gap-4 rounded-lg border border-zinc-200 p-4 text-sm sm:grid-cols-5 dark:border-zinc-800">
        <Item label="Duration">
          <RunDuration run={run} />
        </Item>
        <Item label="Tokens">{runTokens(run)}</Item>
        <Item label="Cost">{formatCents(run.costCents)}</Item>
        <Item label="Exit code">{run.exitCode ?? "—"}</Item>
        <Item label="Environment">
          {run.environment ? (
            <span data-testid="run-environment">
              {run.environment.name}
              {run.environmentRule ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{ruleLabel(run.environmentRule)}</span> : null}
            </span>
          ) : (
            <span className="text-zinc-400 dark:text-zinc-500">{live ? "Resolving…" : "Not recorded"}</span>
          )}
        </Item>
      </dl>
      {conflict ? (
        <ConflictNotice title="This run did not start: environment conflict">
          <ConflictSentence conflict={conflict} />{" "}
          {conflict.identifier ? (
            <>
              Resolve it on{" "}
              <Link href={`/issues/${encodeURIComponent(conflict.identifier)}`} className="font-medium underline underline-offset-2">
                {conflict.identifier}
              </Link>
              .
            </>
          ) : (
            "Resolve it on the issue."
          )}
        </ConflictNotice>
      ) : null}
      {run.error && !conflict ? (
        <p className="mb-6 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-300">{run.error}</p>
      ) : null}
      {run.summary ? (
        <Section title="Summary">
          <p className="text-sm whitespace-pre-wrap">{run.summary}</p>
        </Section>
      ) : null}
      <RunThoughts runId={run.id} />
      <RunLog runId={run.id} live={live} />
      <LinkedIssues runId={run.id} />
      <Section title="Wake payload">
        <pre className="overflow-x-auto rounded-md bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{JSON.stringify(run.context, null, 2)}</pre>
      </Section>
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

/** stdout and stderr as the run writes them; follows the end while the run goes. */
function RunLog({ runId, live }: { runId: string; live: boolean }) {
  const log = useRunLog(runId, live);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (live) end.current?.scrollIntoView({ block: "nearest" });
  }, [log.data?.log, live]);
  return (
    <Section title={live ? "Log (live)" : "Log"}>
      <pre aria-label="Run log" className="max-h-[28rem] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs whitespace-pre-wrap text-zinc-100">
        {log.data?.log || (log.isPending ? "Loading…" : "No output.")}
        <div ref={end} />
      </pre>
    </Section>
  );
}

function LinkedIssues({ runId }: { runId: string }) {
  const issues = useRunIssues(runId);
  return (
    <Section title="Issues">
      <QueryList query={issues} what="issues" rows={1} empty={<p className="text-sm text-zinc-500">Not woken for an issue.</p>}>
        {(items) => (
          <ul className="space-y-1 text-sm">
            {items.map((issue) => (
              <li key={issue.id}>
                <Link href={`/issues/${issue.identifier}`} className="hover:underline">
                  <span className="font-mono text-xs text-zinc-500">{issue.identifier}</span> {issue.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Section>
  );
}
