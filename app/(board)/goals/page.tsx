import type { Metadata } from "next";
import { goalList } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { GoalsClient } from "./goals-client";

export const metadata: Metadata = { title: "Goals · Switchboard" };

export default async function GoalsPage() {
  const { companyId } = await requireBoardContext();
  return (
    <Prefetch prefetch={async (client) => companyId && goalList(client, companyId)}>
      <GoalsClient companyId={companyId} />
    </Prefetch>
  );
}
