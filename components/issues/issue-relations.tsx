"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, Input } from "@/components/ui/form";
import { Section } from "@/components/ui/page-header";
import { errorMessage, isApiError } from "@/lib/queries/client";
import { useFetchIssue, useUpdateIssue } from "@/lib/queries/issues";
import type { IssueDetail, IssueLink } from "@/lib/queries/types";
import { IssueLinkRow } from "./labels";

function LinkList({ issues, empty, children }: { issues: IssueLink[]; empty: string; children?: (issue: IssueLink) => React.ReactNode }) {
  if (issues.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/80">
      {issues.map((issue) => (
        <IssueLinkRow key={issue.id} issue={issue}>
          {children?.(issue)}
        </IssueLinkRow>
      ))}
    </ul>
  );
}

/** The server's reason for refusing a blocker set, naming issues by identifier where it gives their ids. */
function refusal(error: unknown, known: IssueLink[]): string {
  const message = (isApiError(error) && error.fieldErrors().blockedByIssueIds) || errorMessage(error);
  return known.reduce((text, issue) => text.replaceAll(issue.id, issue.identifier), message);
}

/** An identifier in the issue's own company (its prefix), other than the issue's own, to show what to type. */
function exampleIdentifier(identifier: string): string {
  const prefix = identifier.replace(/-\d+$/, "");
  return identifier === `${prefix}-1` ? `${prefix}-2` : `${prefix}-1`;
}

/**
 * The issues this one waits for, and an editor that PATCHes the whole blocker set; the server refuses a set that would
 * close a cycle, and its detail shows here.
 */
export function BlockedByPanel({ issue, canAct }: { issue: IssueDetail; canAct: boolean }) {
  const id = useId();
  const update = useUpdateIssue(issue.id);
  const fetchIssue = useFetchIssue();
  const [ref, setRef] = useState("");
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const [adding, setAdding] = useState<IssueLink | null>(null);
  const blockerIds = issue.blockedBy.map((blocker) => blocker.id);
  const example = exampleIdentifier(issue.identifier);
  const save = (ids: string[], onSuccess?: () => void) => update.mutate({ blockedByIssueIds: ids }, { onSuccess });

  async function add(event: React.FormEvent) {
    event.preventDefault();
    const wanted = ref.trim();
    if (!wanted) return;
    setLookupError(null);
    update.reset();
    setLooking(true);
    try {
      const blocker = await fetchIssue(wanted);
      if (blockerIds.includes(blocker.id)) setLookupError(`${blocker.identifier} already blocks this issue`);
      else {
        setAdding(blocker);
        save([...blockerIds, blocker.id], () => setRef(""));
      }
    } catch (error) {
      const unknown = isApiError(error) && (error.status === 404 || error.status === 400);
      setLookupError(unknown ? `No issue ${wanted} in this company; use an identifier such as ${example}` : errorMessage(error));
    } finally {
      setLooking(false);
    }
  }

  const error = lookupError ?? (update.error ? refusal(update.error, [...issue.blockedBy, ...(adding ? [adding] : [])]) : null);
  return (
    <Section title="Blocked by" description={issue.blockedBy.length ? "It can't start until these are done." : undefined}>
      <LinkList issues={issue.blockedBy} empty="Nothing blocks this issue.">
        {canAct
          ? (blocker) => (
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove blocker ${blocker.identifier}`}
                title="Remove blocker"
                disabled={update.isPending}
                onClick={() => save(blockerIds.filter((blockerId) => blockerId !== blocker.id))}
              >
                ×
              </Button>
            )
          : undefined}
      </LinkList>
      {canAct ? (
        <form onSubmit={add} className="mt-2 space-y-2" noValidate>
          <div className="flex gap-2">
            <label htmlFor={`${id}-blocker`} className="sr-only">
              Add blocker
            </label>
            <Input
              id={`${id}-blocker`}
              value={ref}
              onChange={(event) => setRef(event.target.value)}
              placeholder={`Identifier, e.g. ${example}`}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              className="font-mono"
            />
            <Button type="submit" pending={looking || update.isPending} disabled={!ref.trim()}>
              Add
            </Button>
          </div>
          <FormError>{error}</FormError>
        </form>
      ) : null}
    </Section>
  );
}

export function BlocksPanel({ issue }: { issue: IssueDetail }) {
  return (
    <Section title="Blocks">
      <LinkList issues={issue.blocks} empty="No issue waits for this one." />
    </Section>
  );
}

export function SubIssuesPanel({ issue, onCreate }: { issue: IssueDetail; onCreate: (() => void) | null }) {
  const done = issue.children.filter((child) => child.status === "done" || child.status === "cancelled").length;
  return (
    <Section
      title="Sub-issues"
      description={issue.children.length ? `${done} of ${issue.children.length} closed` : undefined}
      actions={
        onCreate ? (
          <Button size="sm" onClick={onCreate}>
            New sub-issue
          </Button>
        ) : null
      }
    >
      <LinkList issues={issue.children} empty="No sub-issues." />
    </Section>
  );
}
