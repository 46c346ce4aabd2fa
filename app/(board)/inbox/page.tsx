import type { Metadata } from "next";
import { prefetchInbox } from "@/lib/queries/inbox";
import { needsMe } from "@/lib/queries/page-prefetch";
import { Prefetch, serverJson } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { INBOX_TABS, type InboxTab } from "@/lib/schemas/values";
import { InboxClient } from "./inbox-client";

export const metadata: Metadata = { title: "Inbox · Switchboard" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { companyId } = await requireBoardContext();
  const { tab } = await searchParams;
  const current: InboxTab = INBOX_TABS.find((known) => known === tab) ?? "unread";
  return (
    <Prefetch
      prefetch={async (client) =>
        companyId && Promise.all([prefetchInbox(client, companyId, current, <T,>(path: string) => serverJson<T>(path)()), needsMe(client, companyId)])
      }
    >
      <InboxClient companyId={companyId} tab={current} />
    </Prefetch>
  );
}
