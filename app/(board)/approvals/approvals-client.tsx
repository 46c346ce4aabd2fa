"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { approvalTitle, ApprovalStatusBadge } from "@/components/approvals/labels";
import { CompanyPage } from "@/components/board/no-company";
import { usePeople } from "@/components/issues/people";
import { humanize } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { useShortcuts } from "@/components/ui/hooks";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { LinkTabs, TabPanel } from "@/components/ui/tabs";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useApprovals } from "@/lib/queries/approvals";
import { useCompanyEvents } from "@/lib/queries/events";
import type { Approval } from "@/lib/queries/types";

type Tab = "pending" | "all";

export function ApprovalsClient({ companyId, tab }: { companyId: string | null; tab: Tab }) {
  return (
    <CompanyPage title="Approvals" companyId={companyId}>
      {(id) => <ApprovalList companyId={id} tab={tab} />}
    </CompanyPage>
  );
}

function ApprovalList({ companyId, tab }: { companyId: string; tab: Tab }) {
  const router = useRouter();
  const people = usePeople(companyId);
  const approvals = useApprovals(companyId, tab === "pending" ? "pending" : null);
  const rows = approvals.data ?? [];
  const [selected, setSelected] = useState(0);
  const selectedIndex = Math.min(selected, Math.max(rows.length - 1, 0));
  useCompanyEvents(companyId);
  useShortcuts({
    j: () => setSelected(Math.min(selectedIndex + 1, rows.length - 1)),
    k: () => setSelected(Math.max(selectedIndex - 1, 0)),
    Enter: () => rows[selectedIndex] && router.push(`/approvals/${rows[selectedIndex].id}`),
  });

  const requester = (approval: Approval) => people.authorName(approval.requestedByAgentId, approval.requestedByUserId, "—");

  return (
    <>
      <PageHeader title="Approvals" description="Decisions agents have asked the board to make. j/k to move, Enter to open." />
      <LinkTabs
        label="Approvals"
        current={tab}
        tabs={[
          { id: "pending", label: "Pending", href: "/approvals" },
          { id: "all", label: "All", href: "/approvals?tab=all" },
        ]}
      />
      <TabPanel id={tab}>
        <QueryList
          query={approvals}
          what="approvals"
          empty={
            <EmptyState
              title={tab === "pending" ? "Nothing waiting for the board" : "No approvals yet"}
              description={
                tab === "pending"
                  ? "When an agent asks for a board decision it appears here."
                  : "Agents request approvals with POST /api/companies/:id/approvals."
              }
            />
          }
        >
          {(items) => (
            <Table label="Approvals" cards>
              <THead>
                <Th>Request</Th>
                <Th>Type</Th>
                <Th>Requested by</Th>
                <Th>Status</Th>
                <Th>Requested</Th>
              </THead>
              <TBody>
                {items.map((approval, index) => (
                  <Tr key={approval.id} className={cn(index === selectedIndex && "bg-zinc-50 dark:bg-zinc-900/60")}>
                    <Td>
                      <Link href={`/approvals/${approval.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
                        {approvalTitle(approval)}
                      </Link>
                    </Td>
                    <Td className="text-zinc-600 dark:text-zinc-400">{humanize(approval.type)}</Td>
                    <Td>{requester(approval)}</Td>
                    <Td>
                      <ApprovalStatusBadge status={approval.status} />
                    </Td>
                    <Td>
                      <Time value={approval.createdAt} relative />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </QueryList>
      </TabPanel>
    </>
  );
}
