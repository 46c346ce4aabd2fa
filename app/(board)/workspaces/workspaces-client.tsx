"use client";

import { useCompanyName } from "@/components/board/board-context";
import { CompanyPage } from "@/components/board/no-company";
import { PageHeader } from "@/components/ui/page-header";
import { WorkspaceOverview } from "@/components/workspaces/workspace-overview";
import { useCompanyEvents } from "@/lib/queries/events";

export function WorkspacesClient({ companyId }: { companyId: string | null }) {
  return (
    <CompanyPage title="Workspaces" companyId={companyId}>
      {(id) => <Workspaces companyId={id} />}
    </CompanyPage>
  );
}

function Workspaces({ companyId }: { companyId: string }) {
  const companyName = useCompanyName(companyId);
  useCompanyEvents(companyId);
  return (
    <>
      <PageHeader
        title="Workspaces"
        description={`Where agents work${companyName ? ` in ${companyName}` : ""}: project checkouts and the isolated workspaces provisioned for tasks, grouped by project, running services first.`}
      />
      <WorkspaceOverview companyId={companyId} />
    </>
  );
}
