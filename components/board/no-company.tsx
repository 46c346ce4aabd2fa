"use client";

import { ButtonLink } from "@/components/ui/button";
import { BuildingIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { useBoard } from "./board-context";

/** Shown by company-scoped pages while the user has no company to look at. */
export function NoCompany() {
  const { isInstanceAdmin } = useBoard();
  return isInstanceAdmin ? (
    <EmptyState
      icon={<BuildingIcon className="size-6" />}
      title="Create a company first"
      description="Agents, projects and goals all belong to a company. The guided setup creates one, then its first agent and issue."
      action={
        <ButtonLink href="/welcome" variant="primary">
          Set up a company
        </ButtonLink>
      }
    />
  ) : (
    <EmptyState
      icon={<BuildingIcon className="size-6" />}
      title="You're not in a company yet"
      description="Ask an admin to add you to a company. Agents, projects and goals appear here once you are a member."
    />
  );
}

/** A company-scoped page: with no company, its title over NoCompany; otherwise the page for that company. */
export function CompanyPage({ title, companyId, children }: { title: string; companyId: string | null; children: (companyId: string) => React.ReactNode }) {
  if (companyId) return children(companyId);
  return (
    <>
      <PageHeader title={title} />
      <NoCompany />
    </>
  );
}
