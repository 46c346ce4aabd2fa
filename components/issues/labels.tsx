import Link from "next/link";
import { Badge, StatusBadge, type Tone, humanize } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { IssueLink } from "@/lib/queries/types";
import type { IssuePriority } from "@/lib/schemas/issues";

const PRIORITY_TONES: Record<IssuePriority, Tone> = { critical: "red", high: "amber", medium: "neutral", low: "neutral" };

export function PriorityBadge({ priority }: { priority: string }) {
  const tone = PRIORITY_TONES[priority as IssuePriority] ?? "neutral";
  return (
    <Badge tone={tone} className={priority === "low" ? "opacity-70" : undefined}>
      {humanize(priority)}
    </Badge>
  );
}

const linkBase = "rounded-sm underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
const strong = "font-medium text-zinc-900 dark:text-zinc-100";
export const issueLinkClass = cn(linkBase, strong);

/** An agent's name as a link to its page: the name as the server knew it, or a neutral word once the agent is gone. */
export function AgentRef({ agentId, name }: { agentId: string; name: string | null }) {
  return (
    <Link href={`/agents/${agentId}`} className={issueLinkClass}>
      {name ?? "An agent"}
    </Link>
  );
}

/** An issue's identifier as a link to its page; `muted` where the title beside it is the main link. */
export function IssueRef({ identifier, muted, className }: { identifier: string; muted?: boolean; className?: string }) {
  return (
    <Link
      href={`/issues/${encodeURIComponent(identifier)}`}
      className={cn(linkBase, "font-mono text-xs", muted ? "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100" : strong, className)}
    >
      {identifier}
    </Link>
  );
}

/** A related issue in a side panel: identifier, title and status on one line. */
export function IssueLinkRow({ issue, children }: { issue: IssueLink; children?: React.ReactNode }) {
  return (
    <li className="flex items-center gap-2 py-1.5 text-sm">
      <IssueRef identifier={issue.identifier} className="shrink-0" />
      <span className="min-w-0 flex-1 truncate text-zinc-700 dark:text-zinc-300" title={issue.title}>
        {issue.title}
      </span>
      <StatusBadge status={issue.status} />
      {children}
    </li>
  );
}
