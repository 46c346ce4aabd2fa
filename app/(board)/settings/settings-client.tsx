"use client";

import dynamic from "next/dynamic";
import { useCompanyName } from "@/components/board/board-context";
import { NoCompany } from "@/components/board/no-company";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingText } from "@/components/ui/states";
import { LinkTabs, TabPanel } from "@/components/ui/tabs";

// Only the open section renders, so each section is its own chunk: the page loads what it shows, not all nine. (Next
// needs each dynamic() call's options written out as an object literal.)
const ApiKeysTab = dynamic(() => import("@/components/settings/api-keys-tab").then((module) => module.ApiKeysTab), { loading: () => <LoadingText /> });
const EnvironmentsTab = dynamic(() => import("@/components/settings/environments-tab").then((module) => module.EnvironmentsTab), {
  loading: () => <LoadingText />,
});
const LabelsTab = dynamic(() => import("@/components/settings/labels-tab").then((module) => module.LabelsTab), { loading: () => <LoadingText /> });
const ExperimentalTab = dynamic(() => import("@/components/settings/experimental-tab").then((module) => module.ExperimentalTab), {
  loading: () => <LoadingText />,
});
const MembersTab = dynamic(() => import("@/components/settings/members-tab").then((module) => module.MembersTab), { loading: () => <LoadingText /> });
const TransferTab = dynamic(() => import("@/components/portability/transfer-tab").then((module) => module.TransferTab), { loading: () => <LoadingText /> });
const SkillsTab = dynamic(() => import("@/components/skills/skills-tab").then((module) => module.SkillsTab), { loading: () => <LoadingText /> });
const UsersTab = dynamic(() => import("@/components/settings/users-tab").then((module) => module.UsersTab), { loading: () => <LoadingText /> });
const WorkflowTab = dynamic(() => import("@/components/workflow/workflow-tab").then((module) => module.WorkflowTab), { loading: () => <LoadingText /> });

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
