"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { StatusBadge, humanize } from "@/components/ui/badge";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { useShortcuts } from "@/components/ui/hooks";
import { EmptyState, QueryList } from "@/components/ui/states";
import { type InboxItem, useInbox, useInboxAction } from "@/lib/queries/inbox";
import type { InboxTab } from "@/lib/schemas/values";
import { ConversationIcon } from "@/components/ui/icons";

const VERBS: Record<string, string> = {
  "issue.comment_added": "commented",
  "issue.created": "created the issue",
  "issue.updated": "updated the issue",
  "issue.status_changed": "changed the status",
  "issue.checked_out": "checked it out",
  "issue.released": "released it",
  "issue.attachment_added": "attached a file",
};

/** "Alice commented", "Ben changed the status", "Switchboard commented": who did the newest thing, in words. */
export function lastActivityText(item: InboxItem): string | null {
  const last = item.lastActivity;
  if (!last) return null;
  const who = last.actor.type === "system" ? "Switchboard" : (last.actor.name ?? "Someone");
  const verb = last.action ? (VERBS[last.action] ?? humanize(last.action.replace(/^issue\./, ""))) : "changed it";
  return `${who} ${verb}`;
}

const EMPTY: Record<InboxTab, { title: string; description: string }> = {
  unread: { title: "You're all caught up", description: "Comments and changes by others on issues you're in appear here until you read them." },
  all: { title: "Your inbox is empty", description: "Issues assigned to you, created by you, that you commented on or where you're @-mentioned appear here." },
  mentioned: { title: "No mentions", description: "Issues where someone wrote @your name or email in a comment appear here." },
  archived: { title: "Nothing archived", description: "Archive an issue (e) to put it away until someone else comments on or changes it." },
};

/**
 * One tab of my inbox as a keyboard-driven list: j/k move, Enter opens, u toggles read, e archives (or brings back on
 * the Archived tab). Rows leave the Unread tab once read and every tab but Archived once archived.
 */
export function InboxList({ companyId, tab }: { companyId: string; tab: InboxTab }) {
  const router = useRouter();
  const inbox = useInbox(companyId, tab);
  const action = useInboxAction();
  const rows = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  const [selected, setSelected] = useState(0);
  const selectedIndex = Math.min(selected, Math.max(rows.length - 1, 0));
  const current = rows[selectedIndex] as InboxItem | undefined;

  // Unread means "others did something since I read it": with nothing by others, there is nothing to mark unread.
  const toggleRead = (item: InboxItem) => {
    if (item.isUnread || item.lastActivityAt) action.mutate({ issueId: item.issue.id, action: item.isUnread ? "read" : "unread" });
  };
  const toggleArchive = (item: InboxItem) => action.mutate({ issueId: item.issue.id, action: tab === "archived" ? "unarchive" : "archive" });
  useShortcuts({
    j: () => setSelected(Math.min(selectedIndex + 1, rows.length - 1)),
    k: () => setSelected(Math.max(selectedIndex - 1, 0)),
    Enter: () => current && router.push(`/issues/${current.issue.identifier}`),
    u: () => current && toggleRead(current),
    e: () => current && toggleArchive(current),
  });

  return (
    <QueryList
      query={{ ...inbox, data: inbox.data ? rows : undefined }}
      what="your inbox"
      empty={<EmptyState icon={<ConversationIcon className="size-6" />} title={EMPTY[tab].title} description={EMPTY[tab].description} />}
    >
      {(items) => (
        <>
          <ol
            aria-label="Inbox"
            className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/40"
          >
            {items.map((item, index) => (
              <InboxRow
                key={item.issue.id}
                item={item}
                selected={index === selectedIndex}
                archivedTab={tab === "archived"}
                pending={action.isPending && action.variables?.issueId === item.issue.id}
                onSelect={() => setSelected(index)}
                onToggleRead={() => toggleRead(item)}
                onToggleArchive={() => toggleArchive(item)}
              />
            ))}
          </ol>
          {inbox.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button onClick={() => void inbox.fetchNextPage()} pending={inbox.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          ) : null}
          {action.isError ? (
            <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
              Couldn&apos;t update the inbox: {action.error instanceof Error ? action.error.message : "try again"}
            </p>
          ) : null}
        </>
      )}
    </QueryList>
  );
}

function InboxRow({
  item,
  selected,
  archivedTab,
  pending,
  onSelect,
  onToggleRead,
  onToggleArchive,
}: {
  item: InboxItem;
  selected: boolean;
  archivedTab: boolean;
  pending: boolean;
  onSelect: () => void;
  onToggleRead: () => void;
  onToggleArchive: () => void;
}) {
  const what = lastActivityText(item);
  return (
    <li
      data-inbox-row={item.issue.identifier}
      data-unread={item.isUnread ? "true" : "false"}
      aria-current={selected ? "true" : undefined}
      onMouseEnter={onSelect}
      className={cn("flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5 sm:flex-nowrap", selected && "bg-zinc-50 dark:bg-zinc-800/60")}
    >
      <span className="flex w-2.5 shrink-0 justify-center">
        {item.isUnread ? <span role="img" aria-label="Unread" data-unread-dot className="size-2 rounded-full bg-blue-600 dark:bg-blue-400" /> : null}
      </span>
      <Link
        href={`/issues/${item.issue.identifier}`}
        onFocus={onSelect}
        className={cn(
          "min-w-0 flex-1 rounded-sm",
          focusRing,
          item.isUnread ? "font-semibold text-zinc-900 dark:text-zinc-50" : "text-zinc-700 dark:text-zinc-300",
        )}
      >
        <span className="mr-2 font-mono text-xs text-zinc-500 dark:text-zinc-400">{item.issue.identifier}</span>
        <span className="break-words">{item.issue.title}</span>
      </Link>
      <span className="flex w-full min-w-0 items-center gap-3 pl-5 text-xs text-zinc-500 sm:w-auto sm:pl-0 dark:text-zinc-400">
        <StatusBadge status={item.issue.status} />
        {what ? <span className="min-w-0 truncate">{what}</span> : null}
        <Time value={item.lastActivityAt} relative empty="" />
        <span className="ml-auto flex gap-1 sm:ml-0">
          <Button
            size="sm"
            variant="ghost"
            disabled={pending || (!item.isUnread && !item.lastActivityAt)}
            onClick={onToggleRead}
            aria-label={`${item.isUnread ? "Mark read" : "Mark unread"}: ${item.issue.identifier}`}
          >
            {item.isUnread ? "Read" : "Unread"}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={pending}
            onClick={onToggleArchive}
            aria-label={`${archivedTab ? "Unarchive" : "Archive"}: ${item.issue.identifier}`}
          >
            {archivedTab ? "Unarchive" : "Archive"}
          </Button>
        </span>
      </span>
    </li>
  );
}
