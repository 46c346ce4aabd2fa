import type { Metadata } from "next";
import { costs } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { CostsClient } from "./costs-client";

export const metadata: Metadata = { title: "Costs · Switchboard" };

export default async function CostsPage() {
  const { companyId } = await requireBoardContext();
  return (
    <Prefetch prefetch={async (client) => companyId && costs(client, companyId)}>
      <CostsClient companyId={companyId} />
    </Prefetch>
  );
}
