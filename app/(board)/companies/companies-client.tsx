"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useBoard } from "@/components/board/board-context";
import { setCompanyCookie } from "@/components/board/company-cookie";
import { NewCompanyDialog } from "@/components/companies/new-company-dialog";
import { Badge, StatusBadge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/format";
import { BuildingIcon } from "@/components/ui/icons";
import { ListPage } from "@/components/ui/list-page";
import { ActionsTh, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useCompanies } from "@/lib/queries/companies";

export function CompaniesClient({ currentCompanyId, isInstanceAdmin }: { currentCompanyId: string | null; isInstanceAdmin: boolean }) {
  const router = useRouter();
  const { companies: summaries } = useBoard();
  const companies = useCompanies();
  const [switching, startSwitch] = useTransition();
  const roles = new Map(summaries.map((company) => [company.id, company.role]));

  function open(companyId: string) {
    setCompanyCookie(companyId);
    startSwitch(() => router.refresh());
  }

  return (
    <ListPage
      title="Companies"
      description={isInstanceAdmin ? "Every company on this instance. As an instance admin you can open any of them." : "Companies you are a member of."}
      query={companies}
      what="companies"
      empty={{
        icon: <BuildingIcon className="size-6" />,
        title: "No companies yet",
        description: isInstanceAdmin ? "Create the first company; you become its owner." : "Ask an admin to add you to a company.",
      }}
      create={
        isInstanceAdmin
          ? {
              label: "New company",
              // The new company becomes the current one, so the board opens straight into it.
              dialog: (dialog) => <NewCompanyDialog {...dialog} onCreated={(company) => open(company.id)} />,
            }
          : null
      }
    >
      {(rows) => (
        <Table label="Companies" cards>
          <THead>
            <Th>Name</Th>
            <Th>Issue prefix</Th>
            <Th>Status</Th>
            <Th>Your role</Th>
            <Th>Created</Th>
            <ActionsTh />
          </THead>
          <TBody>
            {rows.map((company) => {
              const current = company.id === currentCompanyId;
              const role = roles.get(company.id);
              return (
                <Tr key={company.id}>
                  <Td>
                    <span className="font-medium text-zinc-900 dark:text-zinc-100">{company.name}</span>
                    {current ? (
                      <Badge tone="blue" className="ml-2">
                        Current
                      </Badge>
                    ) : null}
                  </Td>
                  <Td>
                    <code className="font-mono text-xs">{company.issuePrefix}</code>
                  </Td>
                  <Td>
                    <StatusBadge status={company.status} />
                  </Td>
                  <Td className="text-zinc-500 dark:text-zinc-400">{role ? humanize(role) : isInstanceAdmin ? "Admin" : "—"}</Td>
                  <Td className="text-zinc-500 dark:text-zinc-400">
                    <Time value={company.createdAt} />
                  </Td>
                  <Td className="text-right">
                    {current ? null : (
                      <Button size="sm" variant="ghost" disabled={switching} onClick={() => open(company.id)} aria-label={`Open ${company.name}`}>
                        Open
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </ListPage>
  );
}
