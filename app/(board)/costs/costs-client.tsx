"use client";

import Link from "next/link";
import { CompanyPage } from "@/components/board/no-company";
import { StatusBadge } from "@/components/ui/badge";
import { formatCents } from "@/components/ui/format";
import { PageHeader, Section } from "@/components/ui/page-header";
import { ErrorState, LoadingList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useCompanyEvents } from "@/lib/queries/events";
import { type Costs, useCosts } from "@/lib/queries/runs";

export function CostsClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Costs" companyId={companyId}>
      {(id) => <CostsView companyId={id} />}
    </CompanyPage>
  );
}

function CostsView({ companyId }: { companyId: string }) {
  const costs = useCosts(companyId);
  useCompanyEvents(companyId);
  return (
    <>
      <PageHeader title="Costs" description="What agents' runs cost: this month by agent against its budget, and per day over the last 30 days." />
      {costs.isPending ? (
        <LoadingList rows={4} label="Loading costs…" />
      ) : costs.isError ? (
        <ErrorState error={costs.error} onRetry={() => void costs.refetch()} />
      ) : (
        <CostReport costs={costs.data} />
      )}
    </>
  );
}

function CostReport({ costs }: { costs: Costs }) {
  return (
    <>
      <Section title="By day">
        <DailyChart days={costs.byDay} />
      </Section>
      <Section title="By agent, this month">
        <Table label="Spend by agent">
          <THead>
            <Th>Agent</Th>
            <Th>Status</Th>
            <Th>Spent</Th>
            <Th>Budget</Th>
          </THead>
          <TBody>
            {costs.byAgent.map((agent) => {
              const share = agent.budgetMonthlyCents > 0 ? Math.min(1, agent.spentMonthlyCents / agent.budgetMonthlyCents) : 0;
              return (
                <Tr key={agent.id}>
                  <Td>
                    <Link href={`/agents/${agent.id}`} className="font-medium hover:underline">
                      {agent.name}
                    </Link>
                  </Td>
                  <Td>
                    <StatusBadge status={agent.status} />
                  </Td>
                  <Td>{formatCents(agent.spentMonthlyCents)}</Td>
                  <Td>
                    {agent.budgetMonthlyCents > 0 ? (
                      <span className="flex items-center gap-2">
                        <span className="h-1.5 w-24 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" aria-hidden>
                          <span
                            className={`block h-full ${share >= 1 ? "bg-red-500" : share >= 0.8 ? "bg-amber-500" : "bg-emerald-500"}`}
                            style={{ width: `${share * 100}%` }}
                          />
                        </span>
                        {formatCents(agent.budgetMonthlyCents)}
                      </span>
                    ) : (
                      "No budget"
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Section>
    </>
  );
}

/** One bar per day of the last 30, height by cost; days without runs are gaps. */
function DailyChart({ days }: { days: Costs["byDay"] }) {
  if (!days.length) return <p className="text-sm text-zinc-500">No runs in the last 30 days.</p>;
  const byDay = new Map(days.map((day) => [day.day, day]));
  const today = new Date();
  const series = Array.from({ length: 30 }, (_, index) => {
    const date = new Date(today.getTime() - (29 - index) * 86_400_000).toISOString().slice(0, 10);
    return { day: date, costCents: byDay.get(date)?.costCents ?? 0, runs: byDay.get(date)?.runs ?? 0 };
  });
  const max = Math.max(1, ...series.map((day) => day.costCents));
  return (
    <svg viewBox="0 0 300 100" className="h-40 w-full" role="img" aria-label="Cost per day, last 30 days">
      {series.map((day, index) => {
        const height = (day.costCents / max) * 90;
        return (
          <rect key={day.day} x={index * 10 + 1} y={95 - height} width={8} height={Math.max(height, day.runs ? 1 : 0)} className="fill-blue-500">
            <title>{`${day.day}: ${formatCents(day.costCents)} over ${day.runs} run(s)`}</title>
          </rect>
        );
      })}
      <line x1={0} x2={300} y1={95.5} y2={95.5} className="stroke-zinc-300" strokeWidth={0.5} />
    </svg>
  );
}
