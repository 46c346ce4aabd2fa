"use client";

import Link from "next/link";
import { CompanyPage } from "@/components/board/no-company";
import { StatusBadge } from "@/components/ui/badge";
import { useRenderNow } from "@/components/ui/clock";
import { formatCents } from "@/components/ui/format";
import { CoinsIcon } from "@/components/ui/icons";
import { PageHeader, Section } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
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
        <Table label="Spend by agent" cards>
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

const DAYS = 30;
const DAY_MS = 86_400_000;
const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** The smallest 1, 2 or 5 × 10ⁿ cents at or above `cents`: the chart's top line, so its labels are round amounts. */
function niceCeiling(cents: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(cents, 1)));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((value) => value >= cents) ?? 10 * magnitude;
}

/**
 * The last 30 days (UTC, as the server groups them), one bar per day: the period's totals, an amount axis with round
 * labels, a day axis, each bar's day, cost and runs on hover, and the same numbers as a table for screen readers.
 */
function DailyChart({ days }: { days: Costs["byDay"] }) {
  // The server's render time until hydration ends, so both renders pick the same 30 days.
  const { now } = useRenderNow();
  if (now === null) return null;
  const byDay = new Map(days.map((day) => [day.day, day]));
  const series = Array.from({ length: DAYS }, (_, index) => {
    const date = new Date(now - (DAYS - 1 - index) * DAY_MS).toISOString().slice(0, 10);
    return { day: date, label: dayLabel.format(new Date(`${date}T00:00:00Z`)), costCents: byDay.get(date)?.costCents ?? 0, runs: byDay.get(date)?.runs ?? 0 };
  });
  const totalCents = series.reduce((sum, day) => sum + day.costCents, 0);
  const totalRuns = series.reduce((sum, day) => sum + day.runs, 0);
  if (totalCents === 0 && totalRuns === 0)
    return (
      <EmptyState
        icon={<CoinsIcon className="size-6" />}
        title="No spend in the last 30 days"
        description="Each agent run records what it cost; the chart fills in from the first run."
      />
    );
  const busiest = series.reduce((top, day) => (day.costCents > top.costCents ? day : top), series[0]);
  // At least $1, so days of free runs still get readable amounts on the axis.
  const top = niceCeiling(Math.max(100, ...series.map((day) => day.costCents)));
  const ticks = [top, top / 2, 0];
  const axisEvery = 7;
  return (
    <figure className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Total label="Spent, last 30 days" value={formatCents(totalCents)} />
        <Total label="Runs" value={totalRuns.toLocaleString("en")} />
        <Total label="Average per day" value={formatCents(Math.round(totalCents / DAYS))} />
        <Total label="Busiest day" value={busiest.costCents ? `${busiest.label} · ${formatCents(busiest.costCents)}` : "—"} />
      </dl>
      <div className="flex gap-2" aria-hidden>
        <div className="flex h-40 w-14 shrink-0 flex-col justify-between text-right text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
          {ticks.map((tick) => (
            <span key={tick} className="-my-1.5 leading-3">
              {formatCents(tick)}
            </span>
          ))}
        </div>
        <div className="relative h-40 min-w-0 flex-1 border-b border-l border-zinc-300 dark:border-zinc-700">
          <div className="absolute inset-x-0 top-0 border-t border-dashed border-zinc-200 dark:border-zinc-800" />
          <div className="absolute inset-x-0 top-1/2 border-t border-dashed border-zinc-200 dark:border-zinc-800" />
          <div className="relative flex h-full items-end gap-px px-px">
            {series.map((day) => (
              <div
                key={day.day}
                title={`${day.label}: ${formatCents(day.costCents)} over ${day.runs} ${day.runs === 1 ? "run" : "runs"}`}
                className="flex h-full flex-1 items-end hover:bg-zinc-100 dark:hover:bg-zinc-800/60"
              >
                <div
                  className="w-full rounded-t-sm bg-blue-500 dark:bg-blue-400"
                  style={{ height: day.costCents ? `${Math.max((day.costCents / top) * 100, 1)}%` : day.runs ? "1px" : 0 }}
                />
              </div>
            ))}
          </div>
        </div>
      </div>
      <div className="relative mt-1 ml-16 h-4 text-[11px] text-zinc-500 dark:text-zinc-400" aria-hidden>
        {series.map((day, index) =>
          // Every week from the first day, and today; a week mark right before today would collide with it.
          (index % axisEvery === 0 && index < DAYS - axisEvery / 2) || index === DAYS - 1 ? (
            <span key={day.day} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left: `${((index + 0.5) / DAYS) * 100}%` }}>
              {index === DAYS - 1 ? "Today" : day.label}
            </span>
          ) : null,
        )}
      </div>
      <figcaption className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Cost per day (UTC), last 30 days. Hover a bar for its day.</figcaption>
      <table className="sr-only">
        <caption>Cost and runs per day, last 30 days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Cost</th>
            <th scope="col">Runs</th>
          </tr>
        </thead>
        <tbody>
          {series.map((day) => (
            <tr key={day.day}>
              <td>{day.label}</td>
              <td>{formatCents(day.costCents)}</td>
              <td>{day.runs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">{value}</dd>
    </div>
  );
}
