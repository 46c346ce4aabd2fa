import type { EnvironmentConflict } from "./environments";
import type { ActivityEntry, Approval, Interaction, IssueComment } from "./types";

/** One row of an issue's thread: a comment, a run of consecutive events folded into one line, or a card. */
export type ThreadEntry = { at: string; id: string } & (
  | { type: "comment"; comment: IssueComment }
  | { type: "events"; events: ActivityEntry[] }
  | { type: "interaction"; interaction: Interaction }
  | { type: "approval"; approval: Approval }
  | { type: "conflict"; conflict: EnvironmentConflict }
);

type Dated = { at: string; id: string };
type Card = Dated & ({ type: "event"; event: ActivityEntry } | Extract<ThreadEntry, { type: "interaction" | "approval" | "conflict" }>);

/** The thread shows each comment itself, so the activity that merely records one is left out. */
const COMMENT_ACTION = "issue.comment_added";

const byTime = (a: Dated, b: Dated) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

/** The loaded comment pages (each newest first, the newest page first) as one list, oldest first. */
export function commentsOldestFirst(pages: readonly (readonly IssueComment[])[]): IssueComment[] {
  const comments: IssueComment[] = [];
  for (let page = pages.length - 1; page >= 0; page -= 1) {
    for (let index = pages[page].length - 1; index >= 0; index -= 1) comments.push(pages[page][index]);
  }
  return comments;
}

/**
 * Comments, events, interactions, approvals and a workspace conflict in one time line, oldest first, with consecutive
 * events folded into one row. While older comments are not loaded yet (`complete` false), nothing older than the
 * oldest loaded comment is shown, so no event or card sits out of place above comments still to come.
 * Linear in the number of comments: they arrive sorted and are merged with the (few) other items, never sorted again.
 */
export function threadEntries(input: {
  comments: IssueComment[];
  complete: boolean;
  activity: readonly ActivityEntry[];
  interactions: readonly Interaction[];
  approvals: readonly Approval[];
  conflict: EnvironmentConflict | null;
}): ThreadEntry[] {
  const { comments, complete } = input;
  const since = complete ? "" : (comments[0]?.createdAt ?? "");
  const cards: Card[] = [
    ...input.activity.filter((event) => event.action !== COMMENT_ACTION).map((event) => ({ type: "event" as const, at: event.createdAt, id: event.id, event })),
    ...input.interactions.map((interaction) => ({ type: "interaction" as const, at: interaction.createdAt, id: interaction.id, interaction })),
    ...input.approvals.map((approval) => ({ type: "approval" as const, at: approval.createdAt, id: approval.id, approval })),
    ...(input.conflict
      ? [{ type: "conflict" as const, at: input.conflict.detectedAt, id: `conflict-${input.conflict.workspaceId}`, conflict: input.conflict }]
      : []),
  ]
    .filter((card) => card.at >= since)
    .sort(byTime);

  const entries: ThreadEntry[] = [];
  const push = (card: Card) => {
    if (card.type !== "event") {
      entries.push(card);
      return;
    }
    const last = entries[entries.length - 1];
    if (last?.type === "events") {
      last.events.push(card.event);
      last.at = card.at;
    } else {
      // Keyed by its first event, so the row keeps its identity (and measured height) as later events join it.
      entries.push({ type: "events", at: card.at, id: `events-${card.id}`, events: [card.event] });
    }
  };
  let next = 0;
  for (const comment of comments) {
    const dated = { at: comment.createdAt, id: comment.id };
    while (next < cards.length && byTime(cards[next], dated) < 0) push(cards[next++]);
    entries.push({ type: "comment", ...dated, comment });
  }
  while (next < cards.length) push(cards[next++]);
  return entries;
}
