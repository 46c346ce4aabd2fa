"use client";

import { useState } from "react";
import { useBoard, useCompanyPermissions } from "@/components/board/board-context";
import { NoCompany } from "@/components/board/no-company";
import { NewGoalDialog } from "@/components/goals/new-goal-dialog";
import { Badge, StatusBadge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { PlusIcon, TargetIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useGoals } from "@/lib/queries/goals";

export function GoalsClient({ companyId }: { companyId: string | null }) {
  if (!companyId) {
    return (
      <>
        <PageHeader title="Goals" />
        <NoCompany />
      </>
    );
  }
  return <GoalList companyId={companyId} />;
}

function GoalList({ companyId }: { companyId: string }) {
  const { companies } = useBoard();
  const { canAct } = useCompanyPermissions(companyId);
  const goals = useGoals(companyId);
  const [creating, setCreating] = useState(false);
  const companyName = companies.find((company) => company.id === companyId)?.name;
  const titles = new Map((goals.data ?? []).map((goal) => [goal.id, goal.title]));

  const newGoalButton = canAct ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <PlusIcon className="size-3.5" />
      New goal
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title="Goals" description={companyName ? `What ${companyName} is working towards.` : undefined} actions={goals.data?.length ? newGoalButton : null} />
      {goals.isPending ? (
        <LoadingList label="Loading goals…" />
      ) : goals.isError ? (
        <ErrorState error={goals.error} onRetry={() => void goals.refetch()} title="Couldn't load goals" />
      ) : goals.data.length === 0 ? (
        <EmptyState
          icon={<TargetIcon className="size-6" />}
          title="No goals yet"
          description={canAct ? "Set a company goal, then break it down into team and task goals." : "Goals appear here once an operator creates them."}
          action={newGoalButton}
        />
      ) : (
        <Table label="Goals">
          <THead>
            <Th>Title</Th>
            <Th>Level</Th>
            <Th>Status</Th>
            <Th>Parent</Th>
            <Th className="text-right">Created</Th>
          </THead>
          <TBody>
            {goals.data.map((goal) => (
              <Tr key={goal.id}>
                <Td className="max-w-md">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{goal.title}</span>
                  {goal.description ? <p className="mt-0.5 line-clamp-1 text-xs text-zinc-500 dark:text-zinc-400">{goal.description}</p> : null}
                </Td>
                <Td>
                  <Badge>{humanize(goal.level)}</Badge>
                </Td>
                <Td>
                  <StatusBadge status={goal.status} />
                </Td>
                <Td className="max-w-48 truncate text-zinc-500 dark:text-zinc-400">{goal.parentId ? (titles.get(goal.parentId) ?? "—") : "—"}</Td>
                <Td className="text-right text-zinc-500 dark:text-zinc-400">
                  <Time value={goal.createdAt} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canAct ? <NewGoalDialog open={creating} onClose={() => setCreating(false)} companyId={companyId} goals={goals.data ?? []} /> : null}
    </>
  );
}
