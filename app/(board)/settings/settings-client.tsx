"use client";

import { useCompanyName } from "@/components/board/board-context";
import { NoCompany } from "@/components/board/no-company";
import { ApiKeysTab } from "@/components/settings/api-keys-tab";
import { EnvironmentsTab } from "@/components/settings/environments-tab";
import { LabelsTab } from "@/components/settings/labels-tab";
import { ExperimentalTab } from "@/components/settings/experimental-tab";
import { MembersTab } from "@/components/settings/members-tab";
import { TransferTab } from "@/components/portability/transfer-tab";
import { SkillsTab } from "@/components/skills/skills-tab";
import { UsersTab } from "@/components/settings/users-tab";
import { WorkflowTab } from "@/components/workflow/workflow-tab";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs, TabPanel } from "@/components/ui/tabs";

export type SettingsTab = "members" | "workflow" | "labels" | "environments" | "skills" | "transfer" | "users" | "api-keys" | "experimental";

const LABELS: Record<SettingsTab, string> = {
  members: "Members",
  workflow: "Workflow",
  labels: "Labels",
  environments: "Environments",
  skills: "Skills",
  transfer: "Export & import",
  users: "Users",
  "api-keys": "API keys",
  experimental: "Experimental",
};
const COMPANY_TABS: readonly SettingsTab[] = ["members", "workflow", "labels", "environments", "skills", "transfer"];

export function SettingsClient({ tab, tabs, companyId }: { tab: SettingsTab; tabs: SettingsTab[]; companyId: string | null }) {
  const companyName = useCompanyName(companyId);
  return (
    <>
      <PageHeader title="Settings" description={companyName ? `Members of ${companyName}, board users and your API keys.` : "Board users and your API keys."} />
      <LinkTabs label="Settings sections" current={tab} tabs={tabs.map((id) => ({ id, label: LABELS[id], href: `/settings?tab=${id}` }))} />
      <TabPanel id={tab}>
        {COMPANY_TABS.includes(tab) ? (
          companyId ? (
            tab === "members" ? (
              <MembersTab companyId={companyId} />
            ) : tab === "workflow" ? (
              <WorkflowTab companyId={companyId} />
            ) : tab === "labels" ? (
              <LabelsTab companyId={companyId} />
            ) : tab === "skills" ? (
              <SkillsTab companyId={companyId} />
            ) : tab === "transfer" ? (
              <TransferTab companyId={companyId} />
            ) : (
              <EnvironmentsTab companyId={companyId} />
            )
          ) : (
            <NoCompany />
          )
        ) : tab === "users" ? (
          <UsersTab />
        ) : tab === "experimental" ? (
          <ExperimentalTab />
        ) : (
          <ApiKeysTab />
        )}
      </TabPanel>
    </>
  );
}
