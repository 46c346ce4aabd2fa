"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { CATCH_UP_WORDS, CONCURRENCY_WORDS, IssueLink } from "@/components/routines/labels";
import { RoutineIcon } from "@/components/ui/icons";
import { EditRoutineDialog } from "@/components/routines/routine-dialog";
import { RoutineRuns } from "@/components/routines/routine-runs";
import { RoutineTriggers } from "@/components/routines/routine-triggers";
import { RunRoutineButton } from "@/components/routines/run-routine";
import { StatusBadge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { Time } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { BackLink, PageHeader, Section } from "@/components/ui/page-header";
import { QueryDetail } from "@/components/ui/states";
import { useAgents } from "@/lib/queries/agents";
import { errorMessage } from "@/lib/queries/client";
import { useCompanyEvents } from "@/lib/queries/events";
import { useProjects } from "@/lib/queries/projects";
import { type Routine, useDeleteRoutine, useRoutine, useUpdateRoutine } from "@/lib/queries/routines";

export function RoutineDetailClient({ routineId }: { routineId: string }) {
  const routine = useRoutine(routineId);
  return (
    <>
      <BackLink href="/routines">Routines</BackLink>
      <QueryDetail query={routine} what="routine" icon={<RoutineIcon className="size-6" />} list={{ href: "/routines", label: "routines" }}>
        {(data) => <RoutineView routine={data} />}
      </QueryDetail>
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

function RoutineView({ routine }: { routine: Routine }) {
  useCompanyEvents(routine.companyId);
  const router = useRouter();
  const { canAct } = useCompanyPermissions(routine.companyId);
  const agents = useAgents(routine.companyId);
  const projects = useProjects(routine.companyId);
  const update = useUpdateRoutine(routine.id);
  const remove = useDeleteRoutine();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState<Routine | null>(null);
  const agent = agents.data?.find((candidate) => candidate.id === routine.assigneeAgentId);
  const project = projects.data?.find((candidate) => candidate.id === routine.projectId);
  const paused = routine.status === "paused";
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-words">{routine.title}</span>
            <StatusBadge status={routine.status} />
          </span>
        }
        description={
          <>
            Created <Time value={routine.createdAt} />
          </>
        }
        actions={
          canAct ? (
            <>
              <RunRoutineButton routine={routine} />
              {routine.status !== "archived" ? (
                <Button pending={update.isPending} onClick={() => update.mutate({ status: paused ? "active" : "paused" })}>
                  {paused ? "Resume" : "Pause"}
                </Button>
              ) : null}
              <Button onClick={() => setEditing(true)}>Edit</Button>
              <Button onClick={() => setDeleting(routine)}>Delete</Button>
            </>
          ) : null
        }
      />
      {update.error ? (
        <p role="alert" className="-mt-4 mb-4 text-sm text-red-600 dark:text-red-400">
          {errorMessage(update.error)}
        </p>
      ) : null}
      {paused ? (
        <p className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200">
          Paused: nothing runs it — schedules, webhooks or Run now — until you resume it.
        </p>
      ) : null}
      <Section title="Details">
        <dl className="grid grid-cols-2 gap-4 rounded-lg border border-zinc-200 p-4 text-sm sm:grid-cols-4 dark:border-zinc-800">
          <Item label="Assignee">
            {agent ? (
              <Link href={`/agents/${agent.id}`} className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
                {agent.name}
              </Link>
            ) : (
              "No one"
            )}
          </Item>
          <Item label="Project">
            {project ? (
              <Link href={`/projects/${project.id}`} className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
                {project.name}
              </Link>
            ) : (
              "—"
            )}
          </Item>
          <Item label="Workspace">
            {routine.executionWorkspaceId ? (
              <Link
                href={`/workspaces/${routine.executionWorkspaceId}?tab=routines`}
                className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                Bound workspace
              </Link>
            ) : (
              "Any (chosen per run)"
            )}
          </Item>
          <Item label="Priority">{humanize(routine.priority)}</Item>
          <Item label="While the last issue is open">{CONCURRENCY_WORDS[routine.concurrencyPolicy] ?? routine.concurrencyPolicy}</Item>
          <Item label="Missed slots">{CATCH_UP_WORDS[routine.catchUpPolicy] ?? routine.catchUpPolicy}</Item>
          <Item label="Open issue">{routine.activeIssue ? <IssueLink issue={routine.activeIssue} /> : "None"}</Item>
          <Item label="Last triggered">
            <Time value={routine.lastTriggeredAt} relative empty="Never" />
          </Item>
        </dl>
        {routine.variables.length ? (
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            Variables:{" "}
            {routine.variables.map((variable, index) => (
              <span key={variable.name}>
                {index ? ", " : null}
                <code className="font-mono">{`{{${variable.name}}}`}</code> ({variable.type}
                {variable.required ? ", required" : ""})
              </span>
            ))}
          </p>
        ) : null}
      </Section>
      <Section title="Description template">
        {routine.description ? (
          <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <Markdown>{routine.description}</Markdown>
          </div>
        ) : (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No description.</p>
        )}
      </Section>
      <RoutineTriggers routine={routine} canAct={canAct} />
      <RoutineRuns routineId={routine.id} />
      {canAct ? <EditRoutineDialog open={editing} onClose={() => setEditing(false)} routine={routine} /> : null}
      <MutationConfirmDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(target) => target.id}
        onSuccess={() => router.push("/routines")}
        title={`Delete “${routine.title}”?`}
        description="Its triggers and run history go with it. Issues it created stay."
        confirmLabel="Delete routine"
      />
    </>
  );
}
