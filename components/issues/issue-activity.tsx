"use client";

import { humanize } from "@/components/ui/badge";
import { Time } from "@/components/ui/format";
import { Section } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/states";
import { useIssueActivity } from "@/lib/queries/issues";
import type { ActivityEntry } from "@/lib/queries/types";
import type { People } from "./people";

const FIELD_NAMES: Record<string, string> = {
  assigneeAgentId: "assignee",
  assigneeUserId: "assignee",
  blockedByIssueIds: "blockers",
  parentId: "parent",
  projectId: "project",
  goalId: "goal",
  labelIds: "labels",
  billingCode: "billing code",
  inheritExecutionWorkspaceFromIssueId: "workspace",
};

/** `issue.status_changed` with {from, to} → "Status changed: Todo → In progress". */
function describe(entry: ActivityEntry): string {
  const action = humanize(entry.action.replace(/^issue\./, ""));
  const details = entry.details && typeof entry.details === "object" && !Array.isArray(entry.details) ? entry.details : {};
  if (typeof details.from === "string" && typeof details.to === "string") return `${action}: ${humanize(details.from)} → ${humanize(details.to)}`;
  if (Array.isArray(details.fields) && details.fields.length)
    return `${action} ${[...new Set(details.fields.map((field) => FIELD_NAMES[String(field)] ?? String(field)))].join(", ")}`;
  return action;
}

export function IssueActivity({ issueId, people }: { issueId: string; people: People }) {
  const activity = useIssueActivity(issueId);
  const actor = (entry: ActivityEntry) =>
    entry.actorType === "agent" ? people.agentName(entry.actorId) : entry.actorType === "user" ? people.userName(entry.actorId) : "Switchboard";
  return (
    <Section title="Activity">
      <QueryList query={activity} what="activity" rows={2} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No activity yet.</p>}>
        {(entries) => (
          <ol aria-label="Activity" className="space-y-1.5 border-l border-zinc-200 pl-4 dark:border-zinc-800">
            {entries.map((entry) => (
              <li key={entry.id} className="relative text-sm">
                <span aria-hidden className="absolute top-1.5 -left-[19.5px] size-2 rounded-full bg-zinc-300 dark:bg-zinc-600" />
                <span className="text-zinc-800 dark:text-zinc-200">{describe(entry)}</span>
                <span className="text-zinc-500 dark:text-zinc-400">
                  {" · "}
                  {actor(entry)}
                  {" · "}
                  <Time value={entry.createdAt} relative />
                </span>
              </li>
            ))}
          </ol>
        )}
      </QueryList>
    </Section>
  );
}
