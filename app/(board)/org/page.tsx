import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { OrgClient } from "./org-client";

export const metadata: Metadata = { title: "Org chart · Switchboard" };

export default async function OrgPage() {
  const { companyId } = await requireBoardContext();
  return <OrgClient companyId={companyId} />;
}
