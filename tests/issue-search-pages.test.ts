import { describe, expect, it } from "vitest";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import { db } from "@/lib/db/client";
import { callRoute } from "./support/fixtures";
import { issueWorld } from "./support/issues";

// More hits than SEARCH_SORTS_HITS_UP_TO (2000) in lib/issues/queries.ts, so a search of the common word walks the sort
// index, while the rare word's few hits are joined and sorted: both must page the same way a plain list does.
const ISSUES = 2100;

describe("searching many issues", () => {
  it("a word in thousands of issues and a word in a few page completely, in sort order, with filters", async () => {
    const { company, board } = await issueWorld();
    // Written with SQL, as a bulk of old issues would be; the search triggers keep issue_search current row by row.
    await db.$executeRawUnsafe(
      `INSERT INTO issues (company_id, number, identifier, title, status, priority, priority_rank, created_at, updated_at)
       SELECT $1::uuid, g, $2 || '-' || g, 'Zeppelin task ' || g || CASE WHEN g % 70 = 0 THEN ' ptarmigan' ELSE '' END,
              CASE WHEN g % 3 = 0 THEN 'todo' ELSE 'backlog' END,
              (ARRAY['critical', 'high', 'medium', 'low'])[1 + g % 4], (g % 4)::smallint,
              now() - g * interval '1 minute', now() - (g % 97) * interval '1 minute'
       FROM generate_series(1, $3::int) AS g`,
      company.id,
      company.issuePrefix,
      ISSUES,
    );
    const list = (query: string) => callRoute(companyIssuesRoute.GET, "GET", "", { token: board.token, params: { companyId: company.id }, query });
    const expected = async (word: string, status?: string) =>
      (
        await db.$queryRawUnsafe<{ id: string }[]>(
          `SELECT id FROM issues WHERE company_id = $1::uuid AND title ILIKE '%' || $2 || '%' AND ($3::text IS NULL OR status = $3)
           ORDER BY priority_rank, updated_at DESC, id`,
          company.id,
          word,
          status ?? null,
        )
      ).map((row) => row.id);
    const everyPage = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = "";
      while (cursor !== null) {
        const page = await list(`${query}&limit=200${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.status).toBe(200);
        ids.push(...page.json.map((issue: { id: string }) => issue.id));
        cursor = page.headers.get("x-next-cursor");
      }
      return ids;
    };

    expect(await everyPage("q=zeppelin")).toEqual(await expected("zeppelin"));
    expect(await everyPage("q=zeppelin&status=todo")).toEqual(await expected("zeppelin", "todo"));
    const rare = await expected("ptarmigan");
    expect(rare).toHaveLength(30);
    expect(await everyPage("q=ptarmigan")).toEqual(rare);
    expect(await everyPage("q=ptarmigan&status=todo")).toEqual(await expected("ptarmigan", "todo"));
    // The identifier still finds its issue beside the full-text hits.
    const [seventh] = await db.$queryRawUnsafe<{ id: string }[]>("SELECT id FROM issues WHERE company_id = $1::uuid AND number = 7", company.id);
    expect((await list(`q=${company.issuePrefix.toLowerCase()}-7`)).json.map((issue: { id: string }) => issue.id)).toContain(seventh.id);
  });
});
