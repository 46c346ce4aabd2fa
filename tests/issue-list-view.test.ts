import { describe, expect, it } from "vitest";
import {
  DEFAULT_VIEW,
  OPEN_STATUSES,
  isFiltered,
  listViewFilters,
  listViewSearch,
  parseListView,
  parseListViewRecord,
  withoutFilters,
} from "@/components/issues/list-view";
import { listSearch } from "@/lib/queries/issues";

const PROJECT = "0b8e5a52-4c55-4c8f-9d63-0a1d2c3b4e5f";
const parse = (search: string) => parseListView(new URLSearchParams(search));

describe("issues page view in the URL", () => {
  it("round-trips every field through the search string, commas kept readable", () => {
    const search = `q=login%20bug&status=todo,in_progress&priority=critical,high&assigneeUserId=me&projectId=${PROJECT}&blocked=true&closed=true&sort=updated&direction=asc&group=project`;
    const view = parse(search);
    expect(view).toMatchObject({
      q: "login bug",
      status: ["todo", "in_progress"],
      priority: ["critical", "high"],
      assigneeUserId: "me",
      projectId: PROJECT,
      blocked: true,
      closed: true,
      sort: "updated",
      direction: "asc",
      group: "project",
    });
    expect(listViewSearch(view)).toBe(search);
    expect(parse(listViewSearch(view))).toEqual(view);
  });

  it("writes nothing for the default view, and drops a direction equal to the sort's default", () => {
    expect(listViewSearch(DEFAULT_VIEW)).toBe("");
    expect(parse("sort=updated&direction=desc").direction).toBeNull();
    expect(listViewSearch(parse("sort=title&direction=asc"))).toBe("sort=title");
  });

  it("drops malformed values instead of sending the API a 400", () => {
    const view = parse("status=todo,nonsense,todo&priority=urgent&projectId=not-a-uuid&labelId=1&assigneeAgentId=x&sort=random&direction=up&group=weird");
    expect(view).toEqual({ ...DEFAULT_VIEW, status: ["todo"] });
  });

  it("orders picked statuses canonically, so the same filter is one cache entry", () => {
    expect(parse("status=in_progress,backlog").status).toEqual(parse("status=backlog,in_progress").status);
  });

  it("asks for open statuses only unless closed issues are shown or statuses are picked", () => {
    expect(listViewFilters(DEFAULT_VIEW).status).toEqual(OPEN_STATUSES);
    expect(OPEN_STATUSES).not.toContain("done");
    expect(OPEN_STATUSES).not.toContain("cancelled");
    expect(listViewFilters({ ...DEFAULT_VIEW, closed: true }).status).toBeUndefined();
    expect(listViewFilters({ ...DEFAULT_VIEW, status: ["done"] }).status).toEqual(["done"]);
  });

  it("builds the same API query on the server (record) as in the browser (URLSearchParams)", () => {
    const search = `status=todo&projectId=none&sort=identifier&q=%20x%20`;
    const record = Object.fromEntries(new URLSearchParams(search));
    const fromRecord = listViewFilters(parseListViewRecord(record));
    expect(fromRecord).toEqual(listViewFilters(parse(search)));
    expect(listSearch(fromRecord, { limit: 50 })).toBe("?status=todo&projectId=none&q=x&sort=identifier&limit=50");
  });

  it("clears filters but keeps sort, grouping and closed", () => {
    const view = parse(`q=a&status=todo&closed=true&sort=created&group=none&projectId=${PROJECT}`);
    expect(isFiltered(view)).toBe(true);
    const cleared = withoutFilters(view);
    expect(isFiltered(cleared)).toBe(false);
    expect(listViewSearch(cleared)).toBe("closed=true&sort=created&group=none");
  });

  it("takes an agent assignee over a user one", () => {
    const agent = "6f1d2c3b-4e5f-4a1b-8c7d-9e0f1a2b3c4d";
    expect(parse(`assigneeAgentId=${agent}&assigneeUserId=me`)).toMatchObject({ assigneeAgentId: agent, assigneeUserId: "" });
  });
});
