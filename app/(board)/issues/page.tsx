import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { IssuesClient } from "./issues-client";

export const metadata: Metadata = { title: "Issues · Switchboard" };

export default async function IssuesPage() {
  const { companyId } = await requireBoardContext();
  return <IssuesClient companyId={companyId} />;
}
