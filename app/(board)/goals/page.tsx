import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { GoalsClient } from "./goals-client";

export const metadata: Metadata = { title: "Goals · Switchboard" };

export default async function GoalsPage() {
  const { companyId } = await requireBoardContext();
  return <GoalsClient companyId={companyId} />;
}
