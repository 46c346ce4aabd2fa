"use client";

import { Badge } from "@/components/ui/badge";
import { Section } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { AgentRef, IssueRef } from "@/components/issues/labels";
import { type FileMark, useCompanyMarks } from "@/lib/queries/marks";
import { MarkDetails, MarkPath, markListClass } from "./mark-parts";

function byAgent(marks: FileMark[]): FileMark[][] {
  const groups = new Map<string, FileMark[]>();
  for (const mark of marks) groups.set(mark.agentId, [...(groups.get(mark.agentId) ?? []), mark]);
  return [...groups.values()].sort((a, b) => (a[0].agentName ?? "").localeCompare(b[0].agentName ?? ""));
}

/** "Who is editing what": the workspace's file marks grouped by agent, live through `file_marks.changed`. */
export function WorkspaceFileMarks({ companyId, workspaceId }: { companyId: string; workspaceId: string }) {
  const marks = useCompanyMarks(companyId, { workspaceId });
  return (
    <Section title="Who is editing what" description="Files agents have marked in this workspace before editing them. Marks are advisory.">
      <QueryList
        query={marks}
        what="file marks"
        rows={2}
        empty={<EmptyState className="py-6" title="No files marked" description="Agents mark files here before they edit them." />}
      >
        {(items) => (
          <div className="space-y-4">
            {byAgent(items).map((group) => (
              <section key={group[0].agentId} aria-label={`Marked by ${group[0].agentName ?? "an agent"}`}>
                <h3 className="mb-1.5 flex items-center gap-2 text-sm">
                  <AgentRef agentId={group[0].agentId} name={group[0].agentName} />
                  <Badge>
                    {group.length} {group.length === 1 ? "file" : "files"}
                  </Badge>
                </h3>
                <ul className={markListClass}>
                  {group.map((mark) => (
                    <li key={mark.id} className="px-3 py-2">
                      <MarkPath path={mark.path} />
                      <MarkDetails mark={mark}>
                        {mark.issueIdentifier ? (
                          <>
                            <IssueRef identifier={mark.issueIdentifier} />
                            <span aria-hidden>·</span>
                          </>
                        ) : null}
                      </MarkDetails>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </QueryList>
    </Section>
  );
}
