"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { People } from "@/components/issues/people";
import { Badge } from "@/components/ui/badge";
import { Section } from "@/components/ui/page-header";
import { ErrorState } from "@/components/ui/states";
import { useInteractions } from "@/lib/queries/plans";
import type { ConfirmationPayload, Interaction, IssueDocument } from "@/lib/queries/types";
import { DocumentView, documentName } from "./document-view";

/** The pending confirmation that asks the board about `document`, if any: while one is open, its card shows the document. */
export function pendingConfirmationFor(document: Pick<IssueDocument, "key">, interactions: Interaction[]): Interaction | undefined {
  return interactions.find((interaction) => {
    if (interaction.kind !== "request_confirmation" || interaction.status !== "pending") return false;
    const target = (interaction.payload as ConfirmationPayload).target;
    return target?.type === "issue_document" && target.key === document.key;
  });
}

/**
 * The issue's documents (plans, notes), each readable with its history. A document under confirmation is read where
 * it is decided, in its thread card; here it is only named, so the plan is never shown twice. Hidden while the issue
 * has no documents.
 */
export function IssueDocuments({
  issueId,
  documents,
  people,
  canAct,
}: {
  issueId: string;
  documents: UseQueryResult<IssueDocument[]>;
  people: People;
  canAct: boolean;
}) {
  // The thread reads the same query, so this costs no request.
  const interactions = useInteractions(issueId);
  if (documents.isError) return <ErrorState error={documents.error} onRetry={() => void documents.refetch()} title="Couldn't load documents" />;
  if (!documents.data?.length) return null;
  return (
    <Section title="Documents">
      <div className="space-y-4">
        {documents.data.map((document) => {
          const pending = pendingConfirmationFor(document, interactions.data ?? []);
          return (
            <div key={document.id} id={`document-${document.key}`} className="scroll-mt-4">
              {pending ? (
                <div className="flex flex-wrap items-center gap-2 rounded-md border border-violet-200 bg-violet-50/40 px-3 py-2 text-xs dark:border-violet-900/60 dark:bg-violet-950/20">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{documentName(document)}</span>
                  <Badge>revision {document.latestRevisionNumber}</Badge>
                  <Badge tone="violet">Awaiting confirmation</Badge>
                  <a href={`#interaction-${pending.id}`} className="ml-auto text-blue-700 underline underline-offset-2 dark:text-blue-400">
                    Read it in the confirmation below
                  </a>
                </div>
              ) : (
                <DocumentView document={document} people={people} canRestore={canAct} />
              )}
            </div>
          );
        })}
      </div>
    </Section>
  );
}
