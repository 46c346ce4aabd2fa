import type { Metadata } from "next";
import { companyList } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { CompaniesClient } from "./companies-client";

export const metadata: Metadata = { title: "Companies · Switchboard" };

export default async function CompaniesPage() {
  const { companyId, isInstanceAdmin } = await requireBoardContext();
  return (
    <Prefetch prefetch={companyList}>
      <CompaniesClient currentCompanyId={companyId} isInstanceAdmin={isInstanceAdmin} />
    </Prefetch>
  );
}
