"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Badge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CommentComposer } from "@/components/ui/comment-composer";
import { Time } from "@/components/ui/format";
import { BotIcon, LogoIcon } from "@/components/ui/icons";
import { Markdown } from "@/components/ui/markdown";
import { Section } from "@/components/ui/page-header";
import { ErrorState, LoadingList } from "@/components/ui/states";
import { useIssueApprovals } from "@/lib/queries/approvals";
import { errorMessage } from "@/lib/queries/client";
import { commentsOldestFirst, threadEntries, type ThreadEntry } from "@/lib/queries/thread";
import { useAddThreadComment, useCommentPages } from "@/lib/queries/comments";
import { useIssueActivity } from "@/lib/queries/issues";
import { useExecutionDecisions } from "@/lib/queries/needs-me";
import { useInteractions } from "@/lib/queries/plans";
import type { ActivityEntry, ExecutionDecision, IssueComment, IssueDetail, IssueDocument } from "@/lib/queries/types";
import type { People } from "./people";

// Confirmation, approval and conflict cards are a few rows among many comments: their code is a chunk of its own, kept
// out of the issue page's first load (the server renders them into the HTML; the browser fetches the chunk at once).
const loadCards = () => import("./thread-cards");
if (typeof window !== "undefined") void loadCards().catch(() => undefined);
const InteractionCard = lazy(() => loadCards().then((cards) => ({ default: cards.InteractionCard })));
const WorkspaceConflictCard = lazy(() => loadCards().then((cards) => ({ default: cards.WorkspaceConflictCard })));
const ApprovalThreadCard = lazy(() => loadCards().then((cards) => ({ default: cards.ApprovalThreadCard })));

/** Rows the server renders (and the first paint shows) before the virtual list takes over in the browser. */
const SERVER_TAIL = 12;
/** How close (px) to the newest entry still counts as "at the bottom", so a new comment keeps the view there. */
const AT_BOTTOM_SLACK = 120;
/** Space between rows (px). */
const GAP = 12;

const noSubscription = () => () => undefined;
/** False on the server and while hydrating, true after: the browser-only virtual list starts from the server's markup. */
const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

/** First guesses of a row's height (px) before it is measured: an event line, a short comment, a card. */
const estimateSize = (entry: ThreadEntry | undefined) =>
  entry?.type === "events" ? 28 : entry?.type === "interaction" || entry?.type === "conflict" ? 220 : 96;

/**
 * The issue's thread: comments (markdown, newest page loaded first, older pages on demand), the issue's events folded
 * into compact rows, confirmation and question cards, linked approvals and a workspace conflict waiting for the board,
 * in time order, with the comment box kept at the bottom of the viewport. Only the rows near the viewport are
 * rendered, so a thread of thousands of comments stays fast; it opens scrolled to the newest entry and follows new
 * ones while the reader is at the bottom.
 */
export function IssueThread({ issue, documents, people, canAct }: { issue: IssueDetail; documents: IssueDocument[]; people: People; canAct: boolean }) {
  const issueId = issue.id;
  const comments = useCommentPages(issueId);
  const activity = useIssueActivity(issueId);
  const interactions = useInteractions(issueId);
  const approvals = useIssueApprovals(issueId);
  const decisions = useExecutionDecisions(issueId);
  const conflict = issue.workspaceConflict;
  const complete = !comments.hasNextPage;

  const loaded = useMemo(() => commentsOldestFirst(comments.data?.pages ?? []), [comments.data]);
  const entries = useMemo(
    () =>
      threadEntries({
        comments: loaded,
        complete,
        activity: activity.data ?? [],
        interactions: interactions.data ?? [],
        approvals: approvals.data ?? [],
        conflict,
      }),
    [loaded, complete, activity.data, interactions.data, approvals.data, conflict],
  );
  const decisionByComment = useMemo(
    () => new Map((decisions.data ?? []).filter((decision) => decision.commentId).map((decision) => [decision.commentId!, decision])),
    [decisions.data],
  );
  const secondaryError = [activity.error, interactions.error, approvals.error].find((error) => error !== null);
  const followNextRef = useRef(false);
  const { fetchNextPage } = comments;
  const loadOlder = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const renderEntry = (entry: ThreadEntry) =>
    entry.type === "comment" ? (
      <CommentBody comment={entry.comment} people={people} decision={decisionByComment.get(entry.id)} />
    ) : entry.type === "events" ? (
      <EventsRow events={entry.events} people={people} />
    ) : (
      // Cards are list items of their own; each sits in a one-item list inside its row.
      <ol>
        <Suspense fallback={<li className="h-24 rounded-lg border border-zinc-200 dark:border-zinc-800" aria-busy />}>
          {entry.type === "interaction" ? (
            <InteractionCard
              interaction={entry.interaction}
              issueId={issueId}
              documents={documents}
              people={people}
              canAct={canAct}
              held={issue.heldActions.find((held) => held.interactionId === entry.interaction.id) ?? null}
            />
          ) : entry.type === "conflict" ? (
            <WorkspaceConflictCard issueId={issueId} conflict={entry.conflict} canAct={canAct} />
          ) : (
            <ApprovalThreadCard approval={entry.approval} people={people} />
          )}
        </Suspense>
      </ol>
    );

  return (
    <Section title="Thread">
      {!comments.data ? (
        comments.isError ? (
          <ErrorState error={comments.error} onRetry={() => void comments.refetch()} title="Couldn't load the thread" />
        ) : (
          <LoadingList rows={3} label="Loading the thread…" />
        )
      ) : (
        <>
          {secondaryError ? (
            <div className="mb-3">
              <ErrorState
                error={secondaryError}
                title="Couldn't load the thread's events and cards"
                onRetry={() => void Promise.all([activity, interactions, approvals].filter((query) => query.isError).map((query) => query.refetch()))}
              />
            </div>
          ) : null}
          <ThreadList
            entries={entries}
            loadedCount={loaded.length}
            hasOlder={Boolean(comments.hasNextPage)}
            loadingOlder={comments.isFetchingNextPage}
            olderError={comments.isFetchNextPageError ? comments.error : null}
            loadOlder={loadOlder}
            renderEntry={renderEntry}
            followNextRef={followNextRef}
            composer={
              canAct ? (
                <CommentBox issueId={issueId} following={(follow) => (followNextRef.current = follow)} />
              ) : (
                <p className="py-3 text-xs text-zinc-500 dark:text-zinc-400">Viewers can read the thread but not comment.</p>
              )
            }
          />
        </>
      )}
    </Section>
  );
}

/**
 * Puts the newest row at the bottom of the screen: just above the composer where it sticks to the viewport (md and
 * up), or with the composer itself in view below the thread (phones).
 */
function settleAtNewest(list: HTMLElement | null, composer: HTMLElement | null, lastIndex: number) {
  const last = list?.querySelector<HTMLElement>(`[data-index="${lastIndex}"]`);
  if (!last) return;
  const sticky = composer !== null && getComputedStyle(composer).position === "sticky";
  const visibleBottom = window.innerHeight - (sticky ? composer.offsetHeight : 0);
  const end = sticky || !composer ? last.getBoundingClientRect().bottom + GAP : composer.getBoundingClientRect().bottom;
  window.scrollBy(0, end - visibleBottom);
}

function ThreadList({
  entries,
  loadedCount,
  hasOlder,
  loadingOlder,
  olderError,
  loadOlder,
  renderEntry,
  followNextRef,
  composer,
}: {
  entries: ThreadEntry[];
  loadedCount: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  loadOlder: () => void;
  renderEntry: (entry: ThreadEntry) => React.ReactNode;
  followNextRef: React.RefObject<boolean>;
  composer: React.ReactNode;
}) {
  const hydrated = useHydrated();
  const listRef = useRef<HTMLOListElement>(null);
  const composerRef = useRef<HTMLDivElement>(null);
  // Null until measured in the browser: the opening scroll waits for it, or it would aim at the wrong place.
  const [listTop, setListTop] = useState<number | null>(null);
  const [composerHeight, setComposerHeight] = useState(0);
  const [unseen, setUnseen] = useState(0);
  /** Whether the thread has made its opening scroll to the newest entry: not yet, under way, or done. */
  const opened = useRef<"no" | "scrolling" | "yes">("no");
  const atBottom = useRef(true);

  const virtualizer = useWindowVirtualizer({
    count: entries.length,
    estimateSize: (index) => estimateSize(entries[index]),
    getItemKey: (index) => entries[index]?.id ?? index,
    overscan: 6,
    gap: GAP,
    scrollMargin: listTop ?? 0,
    scrollPaddingEnd: composerHeight + GAP,
    // Not `anchorTo: "end"`: with the window scrolling it pins rows to the end of the page, which on phones is the sidebar below the thread.
    enabled: hydrated,
  });

  // Where the list starts on the page and how tall the composer is move as the content above loads or is edited.
  useLayoutEffect(() => {
    if (!hydrated) return;
    const measure = () => {
      if (listRef.current) setListTop(Math.round(listRef.current.getBoundingClientRect().top + window.scrollY));
      if (composerRef.current) setComposerHeight(Math.round(composerRef.current.getBoundingClientRect().height));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    if (composerRef.current) observer.observe(composerRef.current);
    return () => observer.disconnect();
  }, [hydrated]);

  const scrollToNewest = useCallback(() => {
    if (!entries.length) return;
    // The virtualizer brings the last rows into the DOM (its offsets are partly estimates); the rendered rows then say
    // exactly where the end is, once now and once more after they are measured.
    virtualizer.scrollToIndex(entries.length - 1, { align: "end" });
    const settle = () => settleAtNewest(listRef.current, composerRef.current, entries.length - 1);
    requestAnimationFrame(() => {
      settle();
      requestAnimationFrame(settle);
    });
    setUnseen(0);
  }, [entries.length, virtualizer]);

  // Whether the reader is at the newest entry decides, when a comment arrives, between following it and the pill.
  useEffect(() => {
    if (!hydrated) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const listBottom = (listRef.current?.getBoundingClientRect().bottom ?? 0) + GAP;
        atBottom.current = listBottom <= window.innerHeight - composerHeight + AT_BOTTOM_SLACK;
        if (atBottom.current) setUnseen(0);
      });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      cancelAnimationFrame(frame);
    };
  }, [hydrated, composerHeight]);

  // Opens at the newest entry; then follows new entries at the bottom (and one's own comment always), else counts them.
  const lastKey = entries.at(-1)?.id;
  const previous = useRef({ lastKey, count: entries.length });
  useLayoutEffect(() => {
    if (!hydrated || listTop === null || !entries.length) return;
    const before = previous.current;
    previous.current = { lastKey, count: entries.length };
    if (opened.current !== "yes") {
      if (opened.current === "scrolling") return;
      opened.current = "scrolling";
      // A frame later: the router's own scroll on navigation runs after this commit and would undo it.
      requestAnimationFrame(() => {
        scrollToNewest();
        // Loading older pages waits until the opening scroll has landed, or the top of the list would look "near".
        requestAnimationFrame(() => requestAnimationFrame(() => (opened.current = "yes")));
      });
      return;
    }
    if (lastKey === before.lastKey) return;
    if (followNextRef.current || atBottom.current) {
      followNextRef.current = false;
      scrollToNewest();
    } else {
      setUnseen((count) => count + Math.max(1, entries.length - before.count));
    }
  }, [hydrated, listTop, lastKey, entries.length, scrollToNewest, followNextRef]);

  // A page of older comments goes above the rows being read, which stay where they are on screen.
  const firstKey = entries[0]?.id;
  const previousFirst = useRef(firstKey);
  useLayoutEffect(() => {
    const before = previousFirst.current;
    previousFirst.current = firstKey;
    if (!hydrated || opened.current !== "yes" || before === undefined || before === firstKey) return;
    const index = entries.findIndex((entry) => entry.id === before);
    const moved = index > 0 ? virtualizer.measurementsCache[index] : undefined;
    if (moved) window.scrollBy(0, moved.start - virtualizer.options.scrollMargin);
  }, [hydrated, firstKey, entries, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const shown = hydrated ? null : entries.slice(-SERVER_TAIL);
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span aria-live="polite">
          {loadedCount === 0
            ? "No comments yet."
            : hasOlder
              ? `Latest ${loadedCount} comment${loadedCount === 1 ? "" : "s"} loaded`
              : `All ${loadedCount} comment${loadedCount === 1 ? "" : "s"}`}
        </span>
        {hasOlder ? (
          <Button size="sm" onClick={loadOlder} pending={loadingOlder}>
            Load older comments
          </Button>
        ) : null}
      </div>
      {olderError ? (
        <div className="mb-3">
          <ErrorState error={olderError} title="Couldn't load older comments" onRetry={loadOlder} />
        </div>
      ) : null}
      {shown ? (
        <ol ref={listRef} aria-label="Thread" className="space-y-3">
          {entries.length > shown.length ? <li className="text-xs text-zinc-500 dark:text-zinc-400">{entries.length - shown.length} earlier entries</li> : null}
          {shown.map((entry) => (
            <ThreadRow key={entry.id} entry={entry}>
              {renderEntry(entry)}
            </ThreadRow>
          ))}
        </ol>
      ) : (
        <ol ref={listRef} aria-label="Thread" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = entries[item.index];
            return (
              <ThreadRow
                key={item.key as string}
                entry={entry}
                index={item.index}
                measure={virtualizer.measureElement}
                style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
              >
                {renderEntry(entry)}
              </ThreadRow>
            );
          })}
        </ol>
      )}
      <div ref={composerRef} className="relative z-10 bg-white md:sticky md:bottom-0 md:border-t md:border-zinc-200 dark:bg-zinc-950 md:dark:border-zinc-800">
        {unseen > 0 ? (
          <div className="pointer-events-none fixed inset-x-0 bottom-4 z-20 flex justify-center md:absolute md:-top-12 md:bottom-auto">
            <button
              type="button"
              onClick={scrollToNewest}
              className="pointer-events-auto rounded-full bg-blue-600 px-3 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              {unseen === 1 ? "New comment" : `${unseen} new comments`} ↓
            </button>
          </div>
        ) : null}
        {composer}
      </div>
    </div>
  );
}

/**
 * A relative time, written only once hydrated: "2 min ago" and the timezone of the full time differ between the
 * server and the browser, and a mismatch in the server-rendered rows would make React re-render the whole page.
 */
function ThreadTime({ value }: { value: string }) {
  return useHydrated() ? <Time value={value} relative /> : <time dateTime={value} className="whitespace-nowrap" />;
}

/** One row of the list: measured by the virtualizer once in the browser, in plain flow in the server's markup. */
function ThreadRow({
  entry,
  index,
  measure,
  style,
  children,
}: {
  entry: ThreadEntry;
  index?: number;
  measure?: (node: HTMLLIElement | null) => void;
  style?: React.CSSProperties;
  children: React.ReactNode;
}) {
  const comment = entry.type === "comment" ? entry.comment : null;
  const bySystem = comment !== null && comment.authorAgentId === null && comment.authorUserId === null;
  return (
    <li
      ref={measure}
      data-index={index}
      id={comment ? `comment-${comment.id}` : undefined}
      data-system-comment={bySystem || undefined}
      style={style}
      className={
        comment === null
          ? "list-none"
          : bySystem
            ? "rounded-lg border border-dashed border-zinc-300 bg-zinc-50 px-4 py-3 dark:border-zinc-700 dark:bg-zinc-900/60"
            : "rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/40"
      }
    >
      {children}
    </li>
  );
}

/** A comment with neither an agent nor a user behind it was written by Switchboard itself (conflicts, settling failures). */
const SYSTEM_AUTHOR = "Switchboard";

function CommentBody({ comment, people, decision }: { comment: IssueComment; people: People; decision?: ExecutionDecision }) {
  const byAgent = comment.authorAgentId !== null;
  const bySystem = !byAgent && comment.authorUserId === null;
  const author = people.authorName(comment.authorAgentId, comment.authorUserId, SYSTEM_AUTHOR);
  return (
    <>
      <div className="mb-1.5 flex flex-wrap items-center gap-2 text-xs">
        {byAgent ? <BotIcon className="size-3.5 text-zinc-400" /> : bySystem ? <LogoIcon className="size-3.5 text-zinc-400" /> : null}
        <span className={bySystem ? "font-medium text-zinc-600 dark:text-zinc-400" : "font-medium text-zinc-900 dark:text-zinc-100"}>{author}</span>
        {bySystem ? <Badge tone="neutral">System</Badge> : null}
        <a
          href={`#comment-${comment.id}`}
          className="rounded text-zinc-500 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-400"
        >
          <ThreadTime value={comment.createdAt} />
        </a>
        {decision ? (
          <Badge tone={decision.outcome === "approved" ? "green" : "amber"}>
            <span data-testid="decision-badge">
              {decision.outcome === "approved" ? "Approved" : "Requested changes"} · {decision.stageType} stage {decision.stageIndex + 1}
            </span>
          </Badge>
        ) : null}
        {byAgent && comment.runId ? (
          <Badge className="font-mono" tone="neutral">
            <span title={`Run ${comment.runId}`}>run {comment.runId.slice(0, 8)}</span>
          </Badge>
        ) : null}
      </div>
      <Markdown className={bySystem ? "text-zinc-600 dark:text-zinc-400" : undefined}>{comment.body}</Markdown>
    </>
  );
}

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
  executionPolicy: "review stages",
};

const PHRASES: Record<string, string> = {
  created: "created the issue",
  checked_out: "checked out the issue",
  released: "released the issue",
  comment_deleted: "deleted a comment",
  attachment_added: "added an attachment",
  attachment_removed: "removed an attachment",
  document_created: "added a document",
  document_updated: "updated a document",
  document_deleted: "deleted a document",
  document_restored: "restored a document",
  execution_approved: "approved a review stage",
  execution_changes_requested: "requested changes",
  workspace_conflict_resolved: "resolved the workspace conflict",
  gate_forced: "forced a gate",
};

/** `issue.status_changed` with {from, to} → "changed status Todo → In progress"; an update names the fields it changed. */
export function describeEvent(entry: ActivityEntry): string {
  const action = entry.action.replace(/^issue\./, "");
  const details = entry.details && typeof entry.details === "object" && !Array.isArray(entry.details) ? (entry.details as Record<string, unknown>) : {};
  // A named act (a checkout also carries the status it moved from and to) says what happened, not only the status move.
  if (PHRASES[action]) return PHRASES[action];
  if (typeof details.from === "string" && typeof details.to === "string") return `changed status ${humanize(details.from)} → ${humanize(details.to)}`;
  if (action === "updated" && Array.isArray(details.fields) && details.fields.length)
    return `changed ${[...new Set(details.fields.map((field) => FIELD_NAMES[String(field)] ?? humanize(String(field)).toLowerCase()))].join(", ")}`;
  return PHRASES[action] ?? humanize(action).toLowerCase();
}

/** Events shown in a folded row before "show all". */
const EVENTS_SHOWN = 3;

/** Consecutive events in one compact line: who did what, runs of one actor named once, with the time of the last. */
function EventsRow({ events, people }: { events: ActivityEntry[]; people: People }) {
  const [expanded, setExpanded] = useState(false);
  const actor = (entry: ActivityEntry) =>
    entry.actorType === "agent" ? people.agentName(entry.actorId) : entry.actorType === "user" ? people.userName(entry.actorId) : "Switchboard";
  const visible = expanded ? events : events.slice(-EVENTS_SHOWN);
  const hidden = events.length - visible.length;
  const phrases: { who: string; what: string[] }[] = [];
  for (const entry of visible) {
    const who = actor(entry);
    const last = phrases[phrases.length - 1];
    if (last?.who === who) last.what.push(describeEvent(entry));
    else phrases.push({ who, what: [describeEvent(entry)] });
  }
  return (
    <div className="flex items-start gap-2 px-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="thread-events">
      <span aria-hidden className="mt-1 size-2 shrink-0 rounded-full bg-zinc-300 dark:bg-zinc-600" />
      <p className="min-w-0 flex-1">
        {phrases.map((phrase, index) => (
          <span key={index}>
            {index > 0 ? "; " : null}
            <span className="font-medium text-zinc-700 dark:text-zinc-300">{phrase.who}</span> {phrase.what.join(", ")}
          </span>
        ))}
        {" · "}
        <ThreadTime value={events[events.length - 1].createdAt} />
        {events.length > 1 ? ` · ${events.length} events` : null}
        {hidden > 0 || expanded ? (
          <>
            {" · "}
            <button
              type="button"
              aria-expanded={expanded}
              onClick={() => setExpanded(!expanded)}
              className="rounded underline underline-offset-2 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:text-zinc-200"
            >
              {expanded ? "Show fewer" : `Show ${hidden} earlier`}
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}

/** The comment box; one's own comment is always scrolled to once it shows, wherever the reader was. */
function CommentBox({ issueId, following }: { issueId: string; following: (follow: boolean) => void }) {
  const add = useAddThreadComment(issueId);
  return (
    <CommentComposer
      send={(body, done) => {
        following(true);
        add.mutate({ body }, { onSuccess: done, onError: () => following(false) });
      }}
      pending={add.isPending}
      error={add.error ? errorMessage(add.error) : undefined}
      hint="⌘/Ctrl + Enter to send. @AgentName wakes that agent."
    />
  );
}
