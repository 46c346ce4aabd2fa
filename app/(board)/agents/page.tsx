import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { AgentsClient } from "./agents-client";

export const metadata: Metadata = { title: "Agents · Switchboard" };

export default async function AgentsPage() {
  const { companyId } = await requireBoardContext();
  return <AgentsClient companyId={companyId} />;
}
