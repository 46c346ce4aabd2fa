"use client";

import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { QueryTable, Td, Tr } from "@/components/ui/table";
import { RUNS_SHOWN, useRoutineRuns } from "@/lib/queries/routines";
import { IssueLink, RunStatusBadge, sourceLabel } from "./labels";

const COLUMNS = ["Triggered", "Source", "Status", "Issue", "Scheduled for", "Reason"] as const;

/** The routine's latest runs, newest first; live events add rows as runs happen. */
export function RoutineRuns({ routineId }: { routineId: string }) {
  const runs = useRoutineRuns(routineId);
  return (
    <Section title="Runs" description={`The latest ${RUNS_SHOWN}, newest first.`}>
      <QueryTable
        query={runs}
        what="runs"
        label="Runs"
        columns={COLUMNS}
        cards
        empty={{
          title: "No runs yet",
          description: "Each fire of this routine — scheduled, by webhook or by hand — is recorded here with the issue it created.",
        }}
        row={(run) => (
          <Tr key={run.id} data-testid="routine-run" data-status={run.status}>
            <Td>
              <Time value={run.triggeredAt} withTime />
            </Td>
            <Td>{sourceLabel(run.source)}</Td>
            <Td>
              <RunStatusBadge status={run.status} />
            </Td>
            <Td>{run.linkedIssue ? <IssueLink issue={run.linkedIssue} /> : <span className="text-zinc-400 dark:text-zinc-500">—</span>}</Td>
            <Td className="text-zinc-500 dark:text-zinc-400">{run.scheduledFor ? <Time value={run.scheduledFor} withTime /> : null}</Td>
            <Td className={cn("max-w-72 text-xs break-words", run.status === "failed" ? "text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400")}>
              {run.failureReason}
            </Td>
          </Tr>
        )}
      />
    </Section>
  );
}
