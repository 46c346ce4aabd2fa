import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { CompaniesClient } from "./companies-client";

export const metadata: Metadata = { title: "Companies · Switchboard" };

export default async function CompaniesPage() {
  const { companyId, isInstanceAdmin } = await requireBoardContext();
  return <CompaniesClient currentCompanyId={companyId} isInstanceAdmin={isInstanceAdmin} />;
}
