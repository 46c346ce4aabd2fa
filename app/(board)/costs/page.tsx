import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { CostsClient } from "./costs-client";

export const metadata: Metadata = { title: "Costs · Switchboard" };

export default async function CostsPage() {
  const { companyId } = await requireBoardContext();
  return <CostsClient companyId={companyId} />;
}
