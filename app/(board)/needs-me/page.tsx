import type { Metadata } from "next";
import { needsMe, onboarding, people } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { NeedsMeClient } from "./needs-me-client";

export const metadata: Metadata = { title: "Needs me · Switchboard" };

export default async function NeedsMePage() {
  const { companyId, canAct } = await requireBoardContext();
  return (
    // The checklist is shown to those who can act on it (as NeedsMeClient decides, from the same role), so only they fetch it.
    <Prefetch
      prefetch={async (client) => companyId && Promise.all([needsMe(client, companyId), canAct && onboarding(client, companyId), people(client, companyId)])}
    >
      <NeedsMeClient companyId={companyId} />
    </Prefetch>
  );
}
