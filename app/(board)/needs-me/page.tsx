import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { NeedsMeClient } from "./needs-me-client";

export const metadata: Metadata = { title: "Needs me · Switchboard" };

export default async function NeedsMePage() {
  const { companyId } = await requireBoardContext();
  return <NeedsMeClient companyId={companyId} />;
}
