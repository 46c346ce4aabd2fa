"use client";

import dynamic from "next/dynamic";
import { useCompanyName } from "@/components/board/board-context";
import { NoCompany } from "@/components/board/no-company";
import { ApiKeysTab } from "@/components/settings/api-keys-tab";
import { EnvironmentsTab } from "@/components/settings/environments-tab";
import { LabelsTab } from "@/components/settings/labels-tab";
import { ExperimentalTab } from "@/components/settings/experimental-tab";
import { MembersTab } from "@/components/settings/members-tab";
import { SkillsTab } from "@/components/skills/skills-tab";
import { UsersTab } from "@/components/settings/users-tab";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingText } from "@/components/ui/states";
import { LinkTabs, TabPanel } from "@/components/ui/tabs";

// The two heaviest sections (the workflow editor with its YAML parser, Export & import) are chunks of their own, loaded
// when the section is opened.
const WorkflowTab = dynamic(() => import("@/components/workflow/workflow-tab").then((module) => module.WorkflowTab), {
  loading: () => <LoadingText />,
});
const TransferTab = dynamic(() => import("@/components/portability/transfer-tab").then((module) => module.TransferTab), {
  loading: () => <LoadingText />,
});

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
