"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useBoard } from "@/components/board/board-context";
import { cn } from "@/components/ui/cn";
import { useInboxUnreadCount } from "@/lib/queries/inbox";
import { useNeedsMe } from "@/lib/queries/needs-me";
import { useWorkspacesEnabled } from "@/lib/queries/workspaces";
import { WorkspaceIcon } from "@/components/workspaces/labels";
import {
  ApprovalIcon,
  BotIcon,
  BuildingIcon,
  CoinsIcon,
  ConversationIcon,
  InboxIcon,
  FolderIcon,
  IssueIcon,
  RoutineIcon,
  SettingsIcon,
  TargetIcon,
  UsersIcon,
} from "@/components/ui/icons";

// Only pages that exist; Workspaces shows while the instance has isolated workspaces switched on.
const LINKS: readonly { href: string; label: string; icon: (props: { className?: string }) => React.ReactNode }[] = [
  { href: "/needs-me", label: "Needs me", icon: InboxIcon },
  { href: "/inbox", label: "Inbox", icon: ConversationIcon },
  { href: "/issues", label: "Issues", icon: IssueIcon },
  { href: "/approvals", label: "Approvals", icon: ApprovalIcon },
  { href: "/agents", label: "Agents", icon: BotIcon },
  { href: "/org", label: "Org chart", icon: UsersIcon },
  { href: "/costs", label: "Costs", icon: CoinsIcon },
  { href: "/projects", label: "Projects", icon: FolderIcon },
  { href: "/routines", label: "Routines", icon: RoutineIcon },
  { href: "/workspaces", label: "Workspaces", icon: WorkspaceIcon },
  { href: "/goals", label: "Goals", icon: TargetIcon },
  { href: "/companies", label: "Companies", icon: BuildingIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
];

export function NavLinks() {
  const pathname = usePathname();
  const { companyId, experimental } = useBoard();
  // The board layout prefetches this on the server, so the badges are there on the first paint (and hydrate the same).
  const needsMe = useNeedsMe(companyId);
  const counts = needsMe.data?.counts;
  const unread = useInboxUnreadCount(companyId);
  const badges: Record<string, { count: number; label: string } | undefined> = {
    "/needs-me": counts?.total ? { count: counts.total, label: `${counts.total} waiting` } : undefined,
    "/inbox": unread ? { count: unread, label: `${unread} unread` } : undefined,
    // Pending approvals come with Needs me (no request of their own); every approval event refreshes it.
    "/approvals": counts?.approvals ? { count: counts.approvals, label: `${counts.approvals} pending` } : undefined,
  };
  const workspacesEnabled = useWorkspacesEnabled(experimental);
  const links = LINKS.filter((link) => link.href !== "/workspaces" || workspacesEnabled);
  return (
    <nav aria-label="Main">
      <ul className="space-y-0.5">
        {links.map(({ href, label, icon: Icon }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600",
                  active
                    ? "bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                    : "text-zinc-600 hover:bg-zinc-200/40 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100",
                )}
              >
                <Icon className={cn("size-4", active ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-400 dark:text-zinc-500")} />
                {label}
                {badges[href] ? (
                  <span
                    data-badge={href.slice(1)}
                    className={cn(
                      "ml-auto rounded-full px-1.5 text-xs font-semibold text-white tabular-nums",
                      href === "/approvals" ? "bg-amber-600 dark:bg-amber-500 dark:text-zinc-950" : "bg-blue-600",
                    )}
                  >
                    <span aria-hidden>{badges[href].count}</span>
                    <span className="sr-only">, {badges[href].label}</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
