"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { People } from "@/components/issues/people";
import { Section } from "@/components/ui/page-header";
import { ErrorState } from "@/components/ui/states";
import type { IssueDocument } from "@/lib/queries/types";
import { DocumentView } from "./document-view";

/** The issue's documents (plans, notes), each readable with its history. Hidden while the issue has none. */
export function IssueDocuments({ documents, people, canAct }: { documents: UseQueryResult<IssueDocument[]>; people: People; canAct: boolean }) {
  if (documents.isError) return <ErrorState error={documents.error} onRetry={() => void documents.refetch()} title="Couldn't load documents" />;
  if (!documents.data?.length) return null;
  return (
    <Section title="Documents">
      <div className="space-y-4">
        {documents.data.map((document) => (
          <div key={document.id} id={`document-${document.key}`} className="scroll-mt-4">
            <DocumentView document={document} people={people} canRestore={canAct} />
          </div>
        ))}
      </div>
    </Section>
  );
}
