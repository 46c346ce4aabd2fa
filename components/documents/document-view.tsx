"use client";

import dynamic from "next/dynamic";
import { useId, useState } from "react";
import type { People } from "@/components/issues/people";
import { Badge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { ErrorState, LoadingText } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { useDocumentRevisions, useRestoreRevision } from "@/lib/queries/plans";
import type { DocumentRevision, IssueDocument } from "@/lib/queries/types";
// The line diff (and the `diff` package) loads when a comparison is first shown, not with the issue page.
const RevisionDiff = dynamic(() => import("./revision-diff").then((module) => module.RevisionDiff), { ssr: false });

type Panel = "none" | "history" | "diff";

/** "Plan" for key plan, or the document's own title. */
export function documentName(document: Pick<IssueDocument, "key" | "title">) {
  return document.title?.trim() || humanize(document.key);
}

/**
 * A document as the board reads it: one revision rendered (the latest, or the one a confirmation asks about), its
 * history with who wrote each revision, and a diff between any two revisions.
 */
export function DocumentView({
  document,
  revisionNumber,
  people,
  canRestore,
}: {
  document: IssueDocument;
  revisionNumber?: number;
  people: People;
  canRestore: boolean;
}) {
  const [panel, setPanel] = useState<Panel>("none");
  const shown = revisionNumber ?? document.latestRevisionNumber;
  const needsRevisions = panel !== "none" || shown !== document.latestRevisionNumber;
  const revisions = useDocumentRevisions(document.issueId, document.key, needsRevisions);
  const shownBody = shown === document.latestRevisionNumber ? document.body : revisions.data?.find((revision) => revision.revisionNumber === shown)?.body;
  const toggle = (next: Panel) => setPanel((current) => (current === next ? "none" : next));

  return (
    <div className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{documentName(document)}</span>
        <Badge>revision {shown}</Badge>
        {shown !== document.latestRevisionNumber ? <Badge tone="amber">latest is {document.latestRevisionNumber}</Badge> : null}
        <span className="ml-auto flex gap-1">
          <Button size="sm" variant="ghost" aria-expanded={panel === "history"} onClick={() => toggle("history")} disabled={document.latestRevisionNumber < 2}>
            History ({document.latestRevisionNumber})
          </Button>
          <Button size="sm" variant="ghost" aria-expanded={panel === "diff"} onClick={() => toggle("diff")} disabled={document.latestRevisionNumber < 2}>
            Compare
          </Button>
        </span>
      </div>
      <div className="px-3 py-3">
        {shownBody === undefined ? (
          revisions.isError ? (
            <ErrorState error={revisions.error} onRetry={() => revisions.refetch()} />
          ) : (
            <LoadingText />
          )
        ) : (
          <Markdown>{shownBody}</Markdown>
        )}
      </div>
      {panel !== "none" ? (
        <div className="border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
          {revisions.isPending ? (
            <LoadingText>Loading revisions…</LoadingText>
          ) : revisions.isError ? (
            <ErrorState error={revisions.error} onRetry={() => revisions.refetch()} />
          ) : panel === "history" ? (
            <RevisionHistory document={document} revisions={revisions.data} people={people} canRestore={canRestore} />
          ) : (
            <RevisionCompare revisions={revisions.data} initialAfter={shown} />
          )}
        </div>
      ) : null}
    </div>
  );
}

function RevisionHistory({
  document,
  revisions,
  people,
  canRestore,
}: {
  document: IssueDocument;
  revisions: DocumentRevision[];
  people: People;
  canRestore: boolean;
}) {
  const restore = useRestoreRevision(document.issueId, document.key);
  return (
    <>
      <ol className="space-y-2 text-xs" aria-label={`${documentName(document)} revisions`}>
        {revisions.map((revision) => (
          <li key={revision.id} className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">Revision {revision.revisionNumber}</span>
            <span className="text-zinc-500 dark:text-zinc-400">
              {people.authorName(revision.createdByAgentId, revision.createdByUserId, "Unknown")} · <Time value={revision.createdAt} relative />
            </span>
            {revision.changeSummary ? <span className="text-zinc-600 dark:text-zinc-300">— {revision.changeSummary}</span> : null}
            {canRestore && revision.id !== document.latestRevisionId ? (
              <Button
                size="sm"
                variant="ghost"
                className="ml-auto"
                pending={restore.isPending && restore.variables === revision.id}
                onClick={() => restore.mutate(revision.id)}
              >
                Restore
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      {restore.error ? <p className="mt-2 text-xs text-red-700 dark:text-red-400">{errorMessage(restore.error)}</p> : null}
    </>
  );
}

function RevisionCompare({ revisions, initialAfter }: { revisions: DocumentRevision[]; initialAfter: number }) {
  const id = useId();
  const [after, setAfter] = useState(initialAfter);
  const [before, setBefore] = useState(Math.max(1, initialAfter - 1));
  const byNumber = new Map(revisions.map((revision) => [revision.revisionNumber, revision]));
  const options = revisions.map((revision) => (
    <option key={revision.id} value={revision.revisionNumber}>
      Revision {revision.revisionNumber}
    </option>
  ));
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <label htmlFor={`${id}-before`}>Compare</label>
        <Select id={`${id}-before`} className="w-auto" value={before} onChange={(event) => setBefore(Number(event.target.value))}>
          {options}
        </Select>
        <label htmlFor={`${id}-after`}>with</label>
        <Select id={`${id}-after`} className="w-auto" value={after} onChange={(event) => setAfter(Number(event.target.value))}>
          {options}
        </Select>
      </div>
      <RevisionDiff before={byNumber.get(before)?.body ?? ""} after={byNumber.get(after)?.body ?? ""} label={`Changes from revision ${before} to ${after}`} />
    </div>
  );
}
