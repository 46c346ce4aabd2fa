"use client";

import { Section } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/states";
import { useIssueMarks } from "@/lib/queries/marks";
import { AgentRef } from "@/components/issues/labels";
import { MarkDetails, MarkPath, markListClass } from "./mark-parts";

/** The files agents have marked for this issue (advisory: "I am editing this"); updated by `file_marks.changed`. */
export function IssueFileMarks({ issueId }: { issueId: string }) {
  const marks = useIssueMarks(issueId);
  return (
    <Section title="Files being edited">
      <QueryList query={marks} what="file marks" rows={1} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No files marked</p>}>
        {(items) => (
          <ul aria-label="Files being edited" className={markListClass}>
            {items.map((mark) => (
              <li key={mark.id} className="px-3 py-2">
                <MarkPath path={mark.path} />
                <MarkDetails mark={mark}>
                  <AgentRef agentId={mark.agentId} name={mark.agentName} />
                  <span aria-hidden>·</span>
                </MarkDetails>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Section>
  );
}
