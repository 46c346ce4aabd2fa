"use client";

import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Textarea, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { BotIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { useAddComment, useIssueComments } from "@/lib/queries/issues";
import type { IssueComment } from "@/lib/queries/types";
import type { People } from "./people";

/** The issue's comments, oldest first, and a box to add one. Comment text is shown as plain text: agents write it. */
export function IssueThread({ issueId, people, canAct }: { issueId: string; people: People; canAct: boolean }) {
  const comments = useIssueComments(issueId);
  return (
    <Section title="Comments">
      <QueryList query={comments} what="comments" rows={2} empty={<p className="text-sm text-zinc-500 dark:text-zinc-400">No comments yet.</p>}>
        {(items) => (
          <ol className="space-y-3" aria-label="Thread">
            {items.map((comment) => (
              <CommentItem key={comment.id} comment={comment} people={people} />
            ))}
          </ol>
        )}
      </QueryList>
      {canAct ? <CommentBox issueId={issueId} /> : <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">Viewers can read the thread but not comment.</p>}
    </Section>
  );
}

function CommentItem({ comment, people }: { comment: IssueComment; people: People }) {
  const byAgent = comment.authorAgentId !== null;
  const author = comment.authorAgentId ? people.agentName(comment.authorAgentId) : comment.authorUserId ? people.userName(comment.authorUserId) : "System";
  return (
    <li className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/40">
      <div className="mb-1.5 flex flex-wrap items-center gap-2 text-xs">
        {byAgent ? <BotIcon className="size-3.5 text-zinc-400" /> : null}
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{author}</span>
        <span className="text-zinc-500 dark:text-zinc-400">
          <Time value={comment.createdAt} relative />
        </span>
        {byAgent && comment.runId ? (
          <Badge className="font-mono" tone="neutral">
            <span title={`Run ${comment.runId}`}>run {comment.runId.slice(0, 8)}</span>
          </Badge>
        ) : null}
      </div>
      <p className="text-sm break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{comment.body}</p>
    </li>
  );
}

function CommentBox({ issueId }: { issueId: string }) {
  const id = useId();
  const add = useAddComment(issueId);
  const [body, setBody] = useState("");
  const error = add.error ? errorMessage(add.error) : undefined;

  function submit(event?: React.FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text || add.isPending) return;
    add.mutate({ body: text }, { onSuccess: () => setBody("") });
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-2" noValidate>
      <Field id={`${id}-comment`} label="Comment" error={error} hint="⌘/Ctrl + Enter to send. @AgentName wakes that agent.">
        <Textarea
          {...fieldProps(`${id}-comment`, error, true)}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) submit(event);
          }}
          rows={3}
          maxLength={100_000}
          placeholder="Write a comment…"
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={add.isPending} disabled={!body.trim()}>
          Comment
        </Button>
      </div>
    </form>
  );
}
