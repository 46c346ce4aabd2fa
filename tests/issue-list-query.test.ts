import { describe, expect, it } from "vitest";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import { db } from "@/lib/db/client";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";

type Row = {
  id: string;
  issueNumber: number;
  title: string;
  priority: string;
  createdAt: string;
  updatedAt: string;
  projectId: string | null;
  labelIds: string[];
};

const PRIORITIES = ["critical", "high", "medium", "low"] as const;
// Few distinct titles and timestamps, so every sort meets long runs of ties that only the id can break.
const TITLES = ["alpha", "Beta", "GAMMA", "delta", "Alpha"];
const base = Date.UTC(2026, 0, 1);

/** 125 issues written directly, with duplicate titles, priorities, creation and update times. */
async function crowdedCompany() {
  const company = await seedCompany();
  const board = await seedUser({ memberships: { [company.id]: "viewer" } });
  const project = await db.project.create({ data: { companyId: company.id, name: "Launch", urlKey: "launch" } });
  await db.issue.createMany({
    data: Array.from({ length: 125 }, (_, i) => ({
      companyId: company.id,
      number: i + 1,
      identifier: `${company.issuePrefix}-${i + 1}`,
      title: TITLES[i % TITLES.length],
      priority: PRIORITIES[i % 4],
      priorityRank: i % 4,
      status: i % 3 === 0 ? "todo" : "backlog",
      projectId: Math.floor(i / 2) % 2 ? project.id : null,
      createdAt: new Date(base + (i % 7) * 60_000),
      updatedAt: new Date(base + (i % 11) * 1_000),
    })),
  });
  await db.company.update({ where: { id: company.id }, data: { issueCounter: 125 } });
  const list = (query: string, token = board.token, companyId = company.id) =>
    callRoute(companyIssuesRoute.GET, "GET", `/api/companies/${companyId}/issues`, { token, params: { companyId }, query });
  return { company, board, project, list };
}

async function pageThrough(list: (query: string) => ReturnType<typeof callRoute>, query: string, limit: number) {
  const seen: Row[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(page.status, JSON.stringify(page.json)).toBe(200);
    seen.push(...page.json);
    cursor = page.headers.get("x-next-cursor");
    if (!cursor) return seen;
  }
  throw new Error("paging never ended");
}

const rank = (row: Row) => PRIORITIES.indexOf(row.priority as (typeof PRIORITIES)[number]);
const time = (value: string) => new Date(value).getTime();
const compareId = (a: Row, b: Row) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The order each sort promises, in JavaScript: titles here are plain ASCII words, so lower-case comparison matches PostgreSQL's. */
const EXPECTED: Record<string, (a: Row, b: Row) => number> = {
  "priority asc": (a, b) => rank(a) - rank(b) || time(b.updatedAt) - time(a.updatedAt) || compareId(a, b),
  "priority desc": (a, b) => rank(b) - rank(a) || time(b.updatedAt) - time(a.updatedAt) || compareId(a, b),
  "updated asc": (a, b) => time(a.updatedAt) - time(b.updatedAt) || compareId(a, b),
  "updated desc": (a, b) => time(b.updatedAt) - time(a.updatedAt) || compareId(b, a),
  "created asc": (a, b) => time(a.createdAt) - time(b.createdAt) || compareId(a, b),
  "created desc": (a, b) => time(b.createdAt) - time(a.createdAt) || compareId(b, a),
  "title asc": (a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase(), "en") || compareId(a, b),
  "title desc": (a, b) => b.title.toLowerCase().localeCompare(a.title.toLowerCase(), "en") || compareId(b, a),
  "identifier asc": (a, b) => a.issueNumber - b.issueNumber,
  "identifier desc": (a, b) => b.issueNumber - a.issueNumber,
};

describe("GET /api/companies/:companyId/issues — sorts, filters and cursors", () => {
  it("every sort, both ways, pages through 125 issues in its order without skipping or repeating one", async () => {
    const { list } = await crowdedCompany();
    for (const [name, compare] of Object.entries(EXPECTED)) {
      const [sort, direction] = name.split(" ");
      const whole = await list(`sort=${sort}&direction=${direction}&limit=500`);
      expect(whole.json).toHaveLength(125);
      expect(
        whole.json.map((row: Row) => row.id),
        name,
      ).toEqual([...whole.json].sort(compare).map((row: Row) => row.id));
      for (const limit of [7, 50]) {
        const paged = await pageThrough(list, `sort=${sort}&direction=${direction}`, limit);
        expect(
          paged.map((row) => row.id),
          `${name} by ${limit}`,
        ).toEqual(whole.json.map((row: Row) => row.id));
      }
    }
  });

  it("issues edited and created while someone pages by last update show up at most once, and nothing else is lost", async () => {
    const { company, list } = await crowdedCompany();
    const first = await list("sort=updated&limit=40");
    const seen: Row[] = [...first.json];
    const later = (await list("sort=updated&limit=500")).json.slice(60, 70) as Row[];
    // Touched rows jump ahead of the cursor: the pages still to come no longer hold them.
    await db.issue.updateMany({ where: { id: { in: later.map((row) => row.id) } }, data: { title: "Touched" } });
    await db.issue.create({ data: { companyId: company.id, number: 126, identifier: `${company.issuePrefix}-126`, title: "Fresh" } });
    let cursor = first.headers.get("x-next-cursor");
    while (cursor) {
      const page = await list(`sort=updated&limit=40&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...page.json);
      cursor = page.headers.get("x-next-cursor");
    }
    const ids = seen.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(125 - later.length);
    expect(ids).not.toEqual(expect.arrayContaining([later[0].id]));
  });

  it("defaults: priority critical first, updated and created newest first, title A→Z, identifier highest number first", async () => {
    const { list } = await crowdedCompany();
    const first = async (query: string) => (await list(`${query}&limit=125`)).json as Row[];
    expect((await first("sort=priority")).map((row) => row.id)).toEqual((await first("")).map((row) => row.id));
    expect((await first("")).map((row) => row.id)).toEqual((await first("sort=priority&direction=asc")).map((row) => row.id));
    expect((await first("sort=updated")).map((row) => row.id)).toEqual((await first("sort=updated&direction=desc")).map((row) => row.id));
    expect((await first("sort=created")).map((row) => row.id)).toEqual((await first("sort=created&direction=desc")).map((row) => row.id));
    expect((await first("sort=title"))[0].title.toLowerCase()).toBe("alpha");
    expect((await first("sort=identifier"))[0].issueNumber).toBe(125);
  });

  it("a cursor only pages the sort and direction that issued it: anything else is 400 naming query.cursor", async () => {
    const { list } = await crowdedCompany();
    const cursorOf = async (query: string) => (await list(`${query}&limit=5`)).headers.get("x-next-cursor")!;
    const updated = await cursorOf("sort=updated");
    for (const query of ["sort=title", "sort=updated&direction=asc", "", "sort=identifier"]) {
      const res = await list(`${query}&cursor=${encodeURIComponent(updated)}`);
      expect([res.status, res.json.code], query).toEqual([400, "invalid_cursor"]);
      expect(res.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["query.cursor"]);
    }
    expect((await list(`sort=updated&cursor=${encodeURIComponent(updated)}`)).status).toBe(200);
    // Each key is checked against its SQL type before it reaches PostgreSQL.
    const uuid = "00000000-0000-0000-0000-000000000000";
    for (const forged of [
      ["priority", "asc", 40_000, "2025-01-01T00:00:00Z", uuid],
      ["updated", "desc", "0000-01-01T00:00:00Z", uuid],
      ["identifier", "desc", 2 ** 31, uuid],
      ["identifier", "desc", 3, "x"],
      ["title", "asc", "a".repeat(501), uuid],
      ["title", "asc", "a\u0000", uuid],
      ["title", "asc", "a"],
      ["created", "desc", { $gt: 1 }, uuid],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString("base64url");
      const res = await list(`sort=${forged[0]}&direction=${forged[1]}&cursor=${cursor}`);
      expect([res.status, res.json.code], JSON.stringify(forged)).toEqual([400, "invalid_cursor"]);
    }
  });

  it("a title cursor keeps non-ASCII, mixed-case and 500-character titles in PostgreSQL's own order, a row at a time", async () => {
    const { company, list } = await crowdedCompany();
    await db.issue.createMany({
      data: ["Éclair", "éclair", "ÉCLAIR", "Ärger", "zulu", "Zulu", "İstanbul", "ü".repeat(500), `${"\u0007".repeat(499)}x`].map((title, i) => ({
        companyId: company.id,
        number: 200 + i,
        identifier: `${company.issuePrefix}-${200 + i}`,
        title,
      })),
    });
    const whole = (await list("sort=title&limit=500")).json.map((row: Row) => row.id);
    for (const direction of ["asc", "desc"]) {
      const reference = (await list(`sort=title&direction=${direction}&limit=500`)).json.map((row: Row) => row.id);
      expect((await pageThrough(list, `sort=title&direction=${direction}`, 1)).map((row) => row.id)).toEqual(reference);
    }
    expect(whole).toHaveLength(134);
  });

  it("filters combine: priority csv, projectId=none, status, label and has-blockers, under any sort", async () => {
    const { company, board, project, list } = await crowdedCompany();
    const all = (await list("limit=500")).json as Row[];
    const labelled = all.filter((row) => row.issueNumber % 5 === 0);
    const label = await db.label.create({ data: { companyId: company.id, name: "ui", color: "#22c55e" } });
    await db.issueLabel.createMany({ data: labelled.map((row) => ({ issueId: row.id, labelId: label.id })) });

    const matching = (rows: Row[], test: (row: Row) => boolean) =>
      rows
        .filter(test)
        .map((row) => row.id)
        .sort();
    const ids = (res: { json: Row[] }) => res.json.map((row) => row.id).sort();
    const highOrLowInNoProject = await list("priority=high,low&projectId=none&limit=500&sort=title");
    expect(ids(highOrLowInNoProject)).toEqual(matching(all, (row) => ["high", "low"].includes(row.priority) && row.projectId === null));
    expect(highOrLowInNoProject.json.length).toBeGreaterThan(0);
    expect(ids(await list(`projectId=${project.id}&priority=critical&limit=500`))).toEqual(
      matching(all, (row) => row.projectId === project.id && row.priority === "critical"),
    );
    const labelledTodo = await list(`labelId=${label.id}&status=todo&priority=medium,critical&sort=created&limit=500`);
    expect(labelledTodo.json.every((row: Row & { status: string }) => row.labelIds.includes(label.id) && row.status === "todo")).toBe(true);
    expect(ids(labelledTodo)).toEqual(
      matching(all, (row) => row.issueNumber % 5 === 0 && (row.issueNumber - 1) % 3 === 0 && ["medium", "critical"].includes(row.priority)),
    );

    const [blocker, blocked] = [all[0], all[1]];
    await db.issueRelation.create({ data: { companyId: company.id, issueId: blocked.id, blockedByIssueId: blocker.id } });
    const hasBlockers = await list(`blocked=true&priority=${blocked.priority}&sort=identifier`);
    expect(hasBlockers.json.map((row: Row) => row.id)).toEqual([blocked.id]);
    expect((await list(`blocked=true&priority=${blocked.priority === "low" ? "high" : "low"}`)).json).toEqual([]);
    expect(board.user.id).toBeTruthy();
  });

  it("bad values are 400 naming the query field: unknown sort, direction or priority, a project that is not a uuid or none", async () => {
    const { list } = await crowdedCompany();
    for (const [query, field] of [
      ["sort=rank", "query.sort"],
      ["direction=up", "query.direction"],
      ["priority=urgent", "query.priority"],
      ["projectId=nothing", "query.projectId"],
    ]) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(
        res.json.invalid_params.map((param: { name: string }) => param.name.replace(/\.\d+$/, "")),
        query,
      ).toContain(field);
    }
  });

  it("another company's list is refused: 404 for outsiders and for its agents, whatever the sort", async () => {
    const { company, list } = await crowdedCompany();
    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    const agent = await seedAgent(other.id);
    for (const token of [outsider.token, agent.token]) {
      const res = await list("sort=title&priority=high", token, company.id);
      expect([res.status, res.json.code]).toEqual([404, "not_found"]);
    }
    // Their own (empty) company answers, and never with this company's rows.
    expect((await list("sort=updated", outsider.token, other.id)).json).toEqual([]);
  });
});
