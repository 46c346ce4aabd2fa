"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/form";
import { Markdown } from "@/components/ui/markdown";
import { MarkdownEditor } from "@/components/ui/markdown-editor";
import { Section } from "@/components/ui/page-header";
import { errorMessage } from "@/lib/queries/client";
import { issueKeys } from "@/lib/queries/keys";
import { type IssueUpdate, useUpdateIssue } from "@/lib/queries/issues";
import { useLabels } from "@/lib/queries/labels";
import { useRuns } from "@/lib/queries/runs";
import type { ExecutionState, IssueDetail } from "@/lib/queries/types";
import { LabelChips } from "./label-chip";
import { PriorityBadge } from "./labels";
import { type People, principalName } from "./people";

const TITLE_MAX = 500;

/** Shows a saved edit at once: the detail refetch that follows only confirms it. */
function useShowSaved() {
  const queryClient = useQueryClient();
  return ({ issue }: IssueUpdate) => {
    queryClient.setQueriesData<IssueDetail>({ queryKey: issueKeys.details() }, (detail) =>
      detail?.id === issue.id ? { ...detail, title: issue.title, description: issue.description, updatedAt: issue.updatedAt } : detail,
    );
  };
}

/**
 * The top of an issue page: its title (editable in place by board members who can act) and, next to it, what a reader
 * needs at a glance — status, priority, assignee, blockers, a live run, labels and where the review stands.
 */
export function IssueHeader({ issue, people, canAct }: { issue: IssueDetail; people: People; canAct: boolean }) {
  return (
    <header className="mb-6 min-w-0">
      <IssueTitle issue={issue} canAct={canAct} />
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-zinc-500 dark:text-zinc-400">
        <StatusBadge status={issue.status} />
        <PriorityBadge priority={issue.priority} />
        <span>{people.assigneeName(issue) ? `Assigned to ${people.assigneeName(issue)}` : "Unassigned"}</span>
        <BlockersBadge issue={issue} />
        <LiveRun issue={issue} people={people} />
        <ReviewState issue={issue} people={people} />
        {issue.labelIds.length ? <IssueLabels issue={issue} /> : null}
      </div>
    </header>
  );
}

function IssueTitle({ issue, canAct }: { issue: IssueDetail; canAct: boolean }) {
  const id = useId();
  const update = useUpdateIssue(issue.id);
  const showSaved = useShowSaved();
  const [draft, setDraft] = useState<string | null>(null);
  const [blank, setBlank] = useState(false);
  const error = blank ? "The title can't be empty." : update.error ? errorMessage(update.error) : undefined;

  function start() {
    update.reset();
    setBlank(false);
    setDraft(issue.title);
  }
  function save(event: React.FormEvent) {
    event.preventDefault();
    const title = draft?.trim() ?? "";
    if (!title) return setBlank(true);
    if (title === issue.title) return setDraft(null);
    update.mutate(
      { title },
      {
        onSuccess: (result) => {
          showSaved(result);
          setDraft(null);
        },
      },
    );
  }

  if (draft === null) {
    return (
      <div className="flex items-start gap-2">
        <h1 className="min-w-0 flex-1 text-lg font-semibold tracking-tight break-words text-zinc-900 dark:text-zinc-50">
          <span className="mr-2 font-mono text-base font-medium text-zinc-500 dark:text-zinc-400">{issue.identifier}</span>
          {canAct ? (
            // Clicking the title is the mouse shortcut; the Edit button is the keyboard's way in.
            <span onClick={start} className="cursor-text rounded-sm hover:bg-zinc-100 dark:hover:bg-zinc-800/60" data-testid="issue-title">
              {issue.title}
            </span>
          ) : (
            <span data-testid="issue-title">{issue.title}</span>
          )}
        </h1>
        {canAct ? (
          <Button size="sm" variant="ghost" aria-label="Edit title" onClick={start} className="shrink-0">
            Edit
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <form onSubmit={save} noValidate className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-base font-medium text-zinc-500 dark:text-zinc-400">{issue.identifier}</span>
        <label htmlFor={`${id}-title`} className="sr-only">
          Title
        </label>
        <Input
          id={`${id}-title`}
          autoFocus
          value={draft}
          maxLength={TITLE_MAX}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onChange={(event) => {
            setBlank(false);
            setDraft(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") setDraft(null);
          }}
          className="h-9 min-w-0 flex-1 basis-64 text-base font-semibold"
        />
        <SaveOrCancel pending={update.isPending} onCancel={() => setDraft(null)} />
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          Enter saves, Escape cancels.
        </p>
      )}
    </form>
  );
}

/** "Blocked by 2" (red while any is open), linking to the blockers; nothing when no issue blocks this one. */
function BlockersBadge({ issue }: { issue: IssueDetail }) {
  if (!issue.blockedBy.length) return null;
  const open = issue.blockedBy.filter((blocker) => blocker.status !== "done" && blocker.status !== "cancelled").length;
  return (
    <a
      href="#blockers"
      className="rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      data-testid="blockers-badge"
    >
      <Badge tone={open ? "red" : "neutral"}>{open ? `Blocked by ${open}` : `${issue.blockedBy.length} blockers done`}</Badge>
    </a>
  );
}

/** The agent run working on the issue right now, if any (the same query as the Runs list, so no extra request). */
function LiveRun({ issue, people }: { issue: IssueDetail; people: People }) {
  const runs = useRuns(issue.companyId, { issueId: issue.id });
  const running = runs.data?.find((run) => run.status === "running");
  if (!running) return null;
  return (
    <Link
      href={`/runs/${running.id}`}
      className="inline-flex items-center gap-1.5 rounded-md text-xs font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-400"
    >
      <span aria-hidden className="size-2 animate-pulse rounded-full bg-blue-500" />
      Running · {people.agentName(running.agentId)}
    </Link>
  );
}

/** Where the review stands: whose turn it is, or that changes were requested. Links to the review stages. */
function ReviewState({ issue, people }: { issue: IssueDetail; people: People }) {
  const state = issue.executionState as ExecutionState | null;
  if (!issue.executionPolicy || !state || (state.status !== "pending" && state.status !== "changes_requested")) return null;
  const stage = state.currentStageType === "approval" ? "Approval" : "Review";
  return (
    <a href="#review-stages" className="rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600">
      <Badge tone={state.status === "pending" ? "blue" : "amber"}>
        {state.status === "pending" ? `${stage} · waiting on ${principalName(state.currentParticipant, people)}` : `${stage} · changes requested`}
      </Badge>
    </a>
  );
}

function IssueLabels({ issue }: { issue: IssueDetail }) {
  const labels = useLabels(issue.companyId);
  if (!labels.data) return null;
  return <LabelChips ids={issue.labelIds} labels={labels.data} />;
}

/** The description as markdown; board members who can act edit it in place with a preview. */
export function IssueDescription({ issue, canAct }: { issue: IssueDetail; canAct: boolean }) {
  const update = useUpdateIssue(issue.id);
  const showSaved = useShowSaved();
  const [draft, setDraft] = useState<string | null>(null);

  function start() {
    update.reset();
    setDraft(issue.description ?? "");
  }
  function save(event?: React.FormEvent) {
    event?.preventDefault();
    if (draft === null || update.isPending) return;
    const description = draft.trim() ? draft : null;
    if (description === issue.description) return setDraft(null);
    update.mutate(
      { description },
      {
        onSuccess: (result) => {
          showSaved(result);
          setDraft(null);
        },
      },
    );
  }

  return (
    <Section
      title="Description"
      actions={
        canAct && draft === null ? (
          <Button size="sm" variant="ghost" aria-label="Edit description" onClick={start}>
            Edit
          </Button>
        ) : null
      }
    >
      {draft !== null ? (
        <form onSubmit={save} noValidate className="space-y-2">
          <MarkdownEditor
            label="Description"
            value={draft}
            onChange={setDraft}
            onSubmit={save}
            onCancel={() => setDraft(null)}
            error={update.error ? errorMessage(update.error) : undefined}
            hint="Markdown supported. ⌘/Ctrl + Enter saves, Escape cancels."
            rows={Math.min(20, Math.max(6, draft.split("\n").length + 1))}
            maxLength={200_000}
            autoFocus
          />
          <SaveOrCancel pending={update.isPending} onCancel={() => setDraft(null)} />
        </form>
      ) : issue.description ? (
        <Markdown>{issue.description}</Markdown>
      ) : canAct ? (
        <button
          type="button"
          onClick={start}
          className={cn(
            "w-full rounded-md border border-dashed border-zinc-300 px-3 py-3 text-left text-sm text-zinc-500 hover:border-zinc-400 hover:text-zinc-700",
            "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:text-zinc-400 dark:hover:text-zinc-200",
          )}
        >
          Add a description…
        </button>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No description.</p>
      )}
    </Section>
  );
}

/** The in-place editors' buttons: Save submits the form; Cancel drops the draft. */
function SaveOrCancel({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" variant="primary" size="sm" pending={pending}>
        Save
      </Button>
      <Button size="sm" variant="ghost" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
    </div>
  );
}
