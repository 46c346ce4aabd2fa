"use client";

import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { NewGoalDialog } from "@/components/goals/new-goal-dialog";
import { Badge, StatusBadge, humanize } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import { TargetIcon } from "@/components/ui/icons";
import { ListPage } from "@/components/ui/list-page";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useGoals } from "@/lib/queries/goals";

export function GoalsClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Goals" companyId={companyId}>
      {(id) => <GoalList companyId={id} />}
    </CompanyPage>
  );
}

function GoalList({ companyId }: { companyId: string }) {
  const companyName = useCompanyName(companyId);
  const { canAct } = useCompanyPermissions(companyId);
  const goals = useGoals(companyId);
  const titles = new Map((goals.data ?? []).map((goal) => [goal.id, goal.title]));

  return (
    <ListPage
      title="Goals"
      description={companyName ? `What ${companyName} is working towards.` : undefined}
      query={goals}
      what="goals"
      empty={{
        icon: <TargetIcon className="size-6" />,
        title: "No goals yet",
        description: canAct ? "Set a company goal, then break it down into team and task goals." : "Goals appear here once an operator creates them.",
      }}
      create={canAct ? { label: "New goal", dialog: (dialog) => <NewGoalDialog {...dialog} companyId={companyId} goals={goals.data ?? []} /> } : null}
    >
      {(rows) => (
        <Table label="Goals" cards>
          <THead>
            <Th>Title</Th>
            <Th>Level</Th>
            <Th>Status</Th>
            <Th>Parent</Th>
            <Th className="text-right">Created</Th>
          </THead>
          <TBody>
            {rows.map((goal) => (
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
    </ListPage>
  );
}
