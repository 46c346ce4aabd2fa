"use client";

import Link from "next/link";
import { roleLabel } from "@/components/agents/labels";
import { CompanyPage } from "@/components/board/no-company";
import { StatusBadge } from "@/components/ui/badge";
import { UsersIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { useCompanyEvents } from "@/lib/queries/events";
import { type OrgNode, useOrg } from "@/lib/queries/org";

const linkClass =
  "font-medium text-zinc-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-zinc-100";

export function OrgClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Org chart" companyId={companyId}>
      {(id) => <OrgView companyId={id} />}
    </CompanyPage>
  );
}

function OrgView({ companyId }: { companyId: string }) {
  const org = useOrg(companyId);
  // Status changes and runs starting or finishing move the chart; live events keep it current.
  useCompanyEvents(companyId);
  return (
    <>
      <PageHeader title="Org chart" description="Who reports to whom, what state each agent is in and what it is working on. Terminated agents are left out." />
      {org.isPending ? (
        <LoadingList rows={4} label="Loading the org chart…" />
      ) : org.isError ? (
        <ErrorState error={org.error} onRetry={() => void org.refetch()} />
      ) : org.data.length === 0 ? (
        <EmptyState
          icon={<UsersIcon className="size-6" />}
          title="No agents yet"
          description="Hire or create agents, and set whom each reports to; the chart draws itself from that."
          action={
            <Link href="/agents" className={linkClass}>
              Go to agents
            </Link>
          }
        />
      ) : (
        <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <OrgTree nodes={org.data} depth={0} />
        </div>
      )}
    </>
  );
}

/** One level of the tree: a nested list, so the structure reads the same to screen readers as on screen. */
function OrgTree({ nodes, depth }: { nodes: OrgNode[]; depth: number }) {
  return (
    <ul
      role={depth === 0 ? "tree" : "group"}
      aria-label={depth === 0 ? "Org chart" : undefined}
      className={depth === 0 ? "space-y-1" : "mt-1 space-y-1 border-l border-zinc-200 pl-5 dark:border-zinc-800"}
    >
      {nodes.map((node) => (
        <li key={node.id} role="treeitem" aria-expanded={node.reports.length ? true : undefined} aria-selected={false}>
          <OrgRow node={node} />
          {node.reports.length ? <OrgTree nodes={node.reports} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}

function OrgRow({ node }: { node: OrgNode }) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-900/60">
      <Link href={`/agents/${node.id}`} className={linkClass}>
        {node.name}
      </Link>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">{node.title ?? roleLabel(node.role)}</span>
      <StatusBadge status={node.status} />
      <span className="ml-auto min-w-0 truncate text-xs text-zinc-500 dark:text-zinc-400">
        {node.currentTask ? (
          <>
            Working on{" "}
            <Link href={`/issues/${node.currentTask.identifier}`} className="font-mono text-zinc-700 hover:underline dark:text-zinc-300">
              {node.currentTask.identifier}
            </Link>{" "}
            {node.currentTask.title}
          </>
        ) : (
          "No task in progress"
        )}
      </span>
    </div>
  );
}
