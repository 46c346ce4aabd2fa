"use client";

import Link from "next/link";
import { CompanyPage } from "@/components/board/no-company";
import { InboxList } from "@/components/inbox/inbox-list";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs, TabPanel } from "@/components/ui/tabs";
import { useCompanyEvents } from "@/lib/queries/events";
import { useInboxUnreadCount } from "@/lib/queries/inbox";
import { useNeedsMe } from "@/lib/queries/needs-me";
import type { InboxTab } from "@/lib/schemas/values";

const TABS: { id: InboxTab; label: string }[] = [
  { id: "unread", label: "Unread" },
  { id: "all", label: "All" },
  { id: "mentioned", label: "Mentioned" },
  { id: "archived", label: "Archived" },
];

export function InboxClient({ companyId, tab }: { companyId: string | null; tab: InboxTab }) {
  return (
    <CompanyPage title="Inbox" companyId={companyId}>
      {(id) => <Inbox companyId={id} tab={tab} />}
    </CompanyPage>
  );
}

function Inbox({ companyId, tab }: { companyId: string; tab: InboxTab }) {
  useCompanyEvents(companyId);
  const unread = useInboxUnreadCount(companyId);
  const waiting = useNeedsMe(companyId).data?.counts.total ?? 0;
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Conversation on issues you're in: assigned to you, created by you, commented on, @-mentioned or awaiting your decision. Newest activity by others first. j/k move, Enter opens, u read/unread, e archive."
      />
      {waiting ? (
        <Link
          href="/needs-me"
          data-needs-me-link
          className={cn(
            "mb-4 flex items-center justify-between rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900 hover:bg-blue-100 dark:border-blue-900 dark:bg-blue-950/40 dark:text-blue-100 dark:hover:bg-blue-950",
            focusRing,
          )}
        >
          <span>{waiting} awaiting your decision</span>
          <span aria-hidden>Needs me →</span>
        </Link>
      ) : null}
      <LinkTabs
        label="Inbox"
        current={tab}
        tabs={TABS.map((entry) => ({
          id: entry.id,
          label: entry.id === "unread" && unread ? `${entry.label} (${unread})` : entry.label,
          href: entry.id === "unread" ? "/inbox" : `/inbox?tab=${entry.id}`,
        }))}
      />
      <TabPanel id={tab}>
        <InboxList companyId={companyId} tab={tab} />
      </TabPanel>
    </>
  );
}
