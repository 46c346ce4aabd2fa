import type { IssueFilters } from "@/lib/queries/keys";
import { ISSUE_PRIORITIES, ISSUE_SORTS, ISSUE_STATUSES, type IssuePriority, type IssueSort, type IssueStatus, TERMINAL_STATUSES } from "@/lib/schemas/values";

// The issues page's view (filters, order, grouping) lives in its URL, so a link or a saved view reopens the same list.
// The server page and the client both read it through these functions; parameters keep the API's names.

export type SortDirection = "asc" | "desc";
export const ISSUE_GROUPINGS = ["status", "priority", "assignee", "project", "none"] as const;
export type IssueGrouping = (typeof ISSUE_GROUPINGS)[number];

/** The direction the API sorts in when none is named: priority critical first, times newest first, titles A→Z, identifiers newest first. */
export const DEFAULT_DIRECTION: Record<IssueSort, SortDirection> = { priority: "asc", updated: "desc", created: "desc", title: "asc", identifier: "desc" };

export type IssueListView = {
  q: string;
  status: IssueStatus[];
  priority: IssuePriority[];
  assigneeAgentId: string;
  /** A user id, or "me". */
  assigneeUserId: string;
  /** A project id, or "none" for issues in no project. */
  projectId: string;
  labelId: string;
  blocked: boolean;
  /** Done and cancelled issues are listed too (when no status is picked). */
  closed: boolean;
  sort: IssueSort;
  /** Only when it differs from the sort's default. */
  direction: SortDirection | null;
  group: IssueGrouping;
};

export const DEFAULT_VIEW: IssueListView = {
  q: "",
  status: [],
  priority: [],
  assigneeAgentId: "",
  assigneeUserId: "",
  projectId: "",
  labelId: "",
  blocked: false,
  closed: false,
  sort: "priority",
  direction: null,
  group: "status",
};

export const OPEN_STATUSES: readonly IssueStatus[] = ISSUE_STATUSES.filter((status) => !TERMINAL_STATUSES.includes(status));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOr = (value: string | null, ...words: string[]) => (value && (UUID.test(value) || words.includes(value)) ? value : "");

/** Values of a csv parameter that belong to `allowed`, once each, in `allowed`'s order (so equal views have equal keys). */
function csvIn<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  const picked = new Set((value ?? "").split(","));
  return allowed.filter((item) => picked.has(item));
}

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

type SearchParamsLike = { get(name: string): string | null };

/** The view a URL's search parameters describe; anything malformed is dropped rather than sent to the API as a 400. */
export function parseListView(params: SearchParamsLike): IssueListView {
  const sort = oneOf(params.get("sort"), ISSUE_SORTS, "priority");
  const direction = oneOf<SortDirection | "">(params.get("direction"), ["asc", "desc"], "");
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    status: csvIn(params.get("status"), ISSUE_STATUSES),
    priority: csvIn(params.get("priority"), ISSUE_PRIORITIES),
    assigneeAgentId: uuidOr(params.get("assigneeAgentId")),
    assigneeUserId: params.get("assigneeAgentId") ? "" : uuidOr(params.get("assigneeUserId"), "me"),
    projectId: uuidOr(params.get("projectId"), "none"),
    labelId: uuidOr(params.get("labelId")),
    blocked: params.get("blocked") === "true",
    closed: params.get("closed") === "true",
    sort,
    direction: direction && direction !== DEFAULT_DIRECTION[sort] ? direction : null,
    group: oneOf(params.get("group"), ISSUE_GROUPINGS, "status"),
  };
}

/** Same as `parseListView`, from a server page's `searchParams` object. */
export function parseListViewRecord(record: Record<string, string | string[] | undefined>): IssueListView {
  return parseListView({ get: (name) => [record[name]].flat()[0] ?? null });
}

/** The search string (without "?") of a view: only what differs from the default, commas kept readable. */
export function listViewSearch(view: IssueListView): string {
  const parts: [string, string][] = [];
  const add = (name: string, value: string | false | null | undefined) => {
    if (value) parts.push([name, value]);
  };
  add("q", view.q.trim());
  add("status", view.status.join(","));
  add("priority", view.priority.join(","));
  add("assigneeAgentId", view.assigneeAgentId);
  add("assigneeUserId", !view.assigneeAgentId && view.assigneeUserId);
  add("projectId", view.projectId);
  add("labelId", view.labelId);
  add("blocked", view.blocked && "true");
  add("closed", view.closed && "true");
  add("sort", view.sort !== "priority" && view.sort);
  add("direction", view.direction);
  add("group", view.group !== "status" && view.group);
  return parts.map(([name, value]) => `${name}=${value.split(",").map(encodeURIComponent).join(",")}`).join("&");
}

/** What the API is asked for: with no status picked, closed issues only when the view shows them. */
export function listViewFilters(view: IssueListView): IssueFilters {
  const q = view.q.trim();
  return {
    status: view.status.length ? view.status : view.closed ? undefined : OPEN_STATUSES,
    priority: view.priority.length ? view.priority : undefined,
    assigneeAgentId: view.assigneeAgentId || undefined,
    assigneeUserId: (!view.assigneeAgentId && view.assigneeUserId) || undefined,
    projectId: view.projectId || undefined,
    labelId: view.labelId || undefined,
    blocked: view.blocked || undefined,
    q: q || undefined,
    sort: view.sort === "priority" ? undefined : view.sort,
    direction: view.direction ?? undefined,
  };
}

/** Whether anything narrows the list (sorting and grouping do not; showing closed issues widens it). */
export function isFiltered(view: IssueListView): boolean {
  return (
    view.q.trim() !== "" ||
    view.status.length > 0 ||
    view.priority.length > 0 ||
    view.assigneeAgentId !== "" ||
    view.assigneeUserId !== "" ||
    view.projectId !== "" ||
    view.labelId !== "" ||
    view.blocked
  );
}

/** The view without its filters, keeping how it is sorted, grouped and whether closed issues show. */
export const withoutFilters = (view: IssueListView): IssueListView => ({
  ...DEFAULT_VIEW,
  closed: view.closed,
  sort: view.sort,
  direction: view.direction,
  group: view.group,
});
