import type { Metadata } from "next";
import { orgChart } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { OrgClient } from "./org-client";

export const metadata: Metadata = { title: "Org chart · Switchboard" };

export default async function OrgPage() {
  const { companyId } = await requireBoardContext();
  return (
    <Prefetch prefetch={async (client) => companyId && orgChart(client, companyId)}>
      <OrgClient companyId={companyId} />
    </Prefetch>
  );
}
