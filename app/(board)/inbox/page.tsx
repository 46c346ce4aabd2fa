import type { Metadata } from "next";
import { inboxTab } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
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
      // The layout already prefetches the unread tab and Needs me (the sidebar's badges, and this page's decision link).
      prefetch={async (client) => companyId && current !== "unread" && inboxTab(client, companyId, current)}
    >
      <InboxClient companyId={companyId} tab={current} />
    </Prefetch>
  );
}
